#!/usr/bin/env bash
# Builds the real node's external metrics pipeline from Go modules at pinned versions into a
# cache outside the repository, the way scripts/node-cluster/build.sh builds metrics-server:
# no prebuilt binary or image can be downloaded on these machines, the Go module proxy can be
# reached. e2e/cluster/metrics-adapter.ts runs both as host processes:
# - prometheus-adapter (sigs.k8s.io/prometheus-adapter), serving external.metrics.k8s.io from
#   the chart's adapter rule;
# - Prometheus (github.com/prometheus/prometheus; module v0.316.0 is Prometheus 3.16.0) with
#   Kubernetes service discovery, which Debian's prometheus package is built without (its
#   config parser refuses `kubernetes_sd_configs`), for the chart's plain scrape jobs.
# Each binary lands in the cache only once it is built whole; a second run finds them and
# exits. Prints the bin directory on its last line.
set -euo pipefail

PROMETHEUS_ADAPTER_VERSION="${PROMETHEUS_ADAPTER_VERSION:-v0.12.0}"
PROMETHEUS_MODULE_VERSION="${PROMETHEUS_MODULE_VERSION:-v0.316.0}"
cache="${FINCOACH_CACHE:-$HOME/.cache/fincoach}/metrics-adapter-${PROMETHEUS_ADAPTER_VERSION}-prometheus-${PROMETHEUS_MODULE_VERSION}"
bin="$cache/bin"
binaries=(prometheus-adapter prometheus)

complete() {
  local b
  for b in "${binaries[@]}"; do [[ -x "$bin/$b" ]] || return 1; done
}
# shellcheck source=../lib/cached-build.sh
source "$(dirname "$0")/../lib/cached-build.sh"
cached_build_start "$cache" "metrics-adapter: Go is needed to build prometheus-adapter and Prometheus"
mkdir -p "$bin"

# Neither go.mod has replace directives, so a wrapper module requiring the pinned version
# resolves the dependency versions the project's own build does.
build() { # name module version package ldflags [build tags]
  local name=$1 module=$2 version=$3 package=$4 ldflags=$5 tags=${6:-}
  [[ -x "$bin/$name" ]] && return 0
  mkdir -p "$work/$name" && cd "$work/$name"
  printf 'module fincoach.dev/%s\ngo 1.26\nrequire %s %s\n' "${name//-/}" "$module" "$version" > go.mod
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$package" > tools.go
  go mod tidy -e >/dev/null
  go build -trimpath -tags "$tags" -ldflags "-s -w $ldflags" -o "$work/$name/$name.out" "$package"
  mv "$work/$name/$name.out" "$bin/$name"
}

# The adapter reports its version through component-base like metrics-server.
build prometheus-adapter sigs.k8s.io/prometheus-adapter "$PROMETHEUS_ADAPTER_VERSION" \
  sigs.k8s.io/prometheus-adapter/cmd/adapter "-X k8s.io/component-base/version.gitVersion=$PROMETHEUS_ADAPTER_VERSION"
# Only the Kubernetes discovery of Prometheus' many (its own build tags); the web UI's assets
# are not embedded (no `builtinassets` tag): the HTTP API is all the node uses.
# Its module versions are v0.<major><minor>.<patch>: v0.316.0 is 3.16.0.
minor="${PROMETHEUS_MODULE_VERSION#v0.}" && minor="${minor%%.*}"
prometheus_version="${minor:0:1}.$((10#${minor:1})).${PROMETHEUS_MODULE_VERSION##*.}"
build prometheus github.com/prometheus/prometheus "$PROMETHEUS_MODULE_VERSION" \
  github.com/prometheus/prometheus/cmd/prometheus \
  "-X github.com/prometheus/common/version.Version=$prometheus_version" remove_all_sd,enable_kubernetes_sd

echo "$bin"
