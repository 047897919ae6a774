#!/usr/bin/env bash
# Builds what a real node needs beyond the control plane (scripts/control-plane/build.sh):
# kubelet, kube-scheduler and kube-proxy from k8s.io/kubernetes (same version and module as
# the control plane), CoreDNS (cluster DNS) and metrics-server (CPU metrics for HPAs), from
# their Go modules, into a cache outside the repository. A second run on the same machine
# finds the binaries and exits. Prints the bin directory on its last line.
# containerd, runc, the CNI plugins, iptables and conntrack are Debian's (see .ci/run).
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.34.4}"
COREDNS_VERSION="${COREDNS_VERSION:-v1.12.4}"
METRICS_SERVER_VERSION="${METRICS_SERVER_VERSION:-v0.8.0}"
here=$(cd "$(dirname "$0")" && pwd)
cache="${FINCOACH_CACHE:-$HOME/.cache/fincoach}/node-${K8S_VERSION}-coredns-${COREDNS_VERSION}-metrics-server-${METRICS_SERVER_VERSION}"
bin="$cache/bin"
binaries=(kubelet kube-scheduler kube-proxy coredns metrics-server)

complete() {
  local b
  for b in "${binaries[@]}"; do [[ -x "$bin/$b" ]] || return 1; done
}
# shellcheck source=../lib/cached-build.sh
source "$(dirname "$0")/../lib/cached-build.sh"
cached_build_start "$cache" "node-cluster: Go is needed to build the kubelet and friends"
out="$work/out"
mkdir -p "$out"

# CoreDNS: its main package is the module root; its go.mod has no replace directives.
mkdir -p "$work/coredns" && cd "$work/coredns"
printf 'module fincoach.dev/coredns\ngo 1.24\nrequire github.com/coredns/coredns %s\n' "$COREDNS_VERSION" > go.mod
printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/coredns/coredns"\n' > tools.go
go mod tidy -e >/dev/null
go build -trimpath -ldflags "-s -w" -o "$out/coredns" github.com/coredns/coredns

# metrics-server: a program in its own module (its version comes from component-base).
mkdir -p "$work/metrics-server" && cd "$work/metrics-server"
printf 'module fincoach.dev/metricsserver\ngo 1.24\nrequire sigs.k8s.io/metrics-server %s\n' "$METRICS_SERVER_VERSION" > go.mod
printf '//go:build tools\n\npackage tools\n\nimport _ "sigs.k8s.io/metrics-server/cmd/metrics-server"\n' > tools.go
go mod tidy -e >/dev/null
go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$METRICS_SERVER_VERSION" \
  -o "$out/metrics-server" sigs.k8s.io/metrics-server/cmd/metrics-server

# kubelet, scheduler, proxy: the control plane's module scheme (shared helper).
# shellcheck source=../control-plane/k8s-module.sh
source "$here/../control-plane/k8s-module.sh"
k8s_module "$work/k8s" fincoach.dev/node kubelet kube-scheduler kube-proxy
cd "$work/k8s"
for c in kubelet kube-scheduler kube-proxy; do
  go build -trimpath -ldflags "$(k8s_ldflags)" -o "$out/$c" "k8s.io/kubernetes/cmd/$c"
done

# Only a complete set lands in the cache, so an interrupted build is redone next time.
mkdir -p "$bin"
for b in "${binaries[@]}"; do mv "$out/$b" "$bin/"; done
echo "$bin"
