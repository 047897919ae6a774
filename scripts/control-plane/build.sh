#!/usr/bin/env bash
# Builds a real Kubernetes control plane for tests (kube-apiserver, kube-controller-manager
# for garbage collection, kubectl, etcd) from
# their Go modules at pinned, compatible versions (a published envtest pair), into a cache
# outside the repository. A second run on the same machine finds the binaries and exits.
# Prints the bin directory on its last line.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.34.4}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.4}"
here=$(cd "$(dirname "$0")" && pwd)
cache="${FINCOACH_CACHE:-$HOME/.cache/fincoach}/control-plane/k8s-${K8S_VERSION}-etcd-${ETCD_VERSION}"
bin="$cache/bin"

complete() {
  local b
  for b in kube-apiserver kube-controller-manager kubectl etcd; do [[ -x "$bin/$b" ]] || return 1; done
}
# shellcheck source=../lib/cached-build.sh
source "$(dirname "$0")/../lib/cached-build.sh"
cached_build_start "$cache" "control-plane: Go is needed to build kube-apiserver and etcd"
out="$work/out"
mkdir -p "$out"

# kube-apiserver, kube-controller-manager and kubectl: one module around k8s.io/kubernetes
# (shared with scripts/node-cluster/build.sh).
# shellcheck source=k8s-module.sh
source "$here/k8s-module.sh"
k8s_module "$work/k8s" fincoach.dev/controlplane kube-apiserver kube-controller-manager kubectl
cd "$work/k8s"
ldflags=$(k8s_ldflags)
go build -trimpath -ldflags "$ldflags" -o "$out/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
go build -trimpath -ldflags "$ldflags" -o "$out/kube-controller-manager" k8s.io/kubernetes/cmd/kube-controller-manager
go build -trimpath -ldflags "$ldflags" -o "$out/kubectl" k8s.io/kubernetes/cmd/kubectl

# etcd: its server module cannot be `go install`ed (replace directives), so a three-line
# main calls etcdmain from a module that requires it.
mkdir -p "$work/etcd" && cd "$work/etcd"
printf 'module fincoach.dev/etcd\ngo 1.24\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" > go.mod
cat > main.go <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
go mod tidy >/dev/null
go build -trimpath -ldflags "-s -w" -o "$out/etcd" .
# Only a complete set lands in the cache, so an interrupted build is redone next time.
mkdir -p "$bin"
mv "$out/kube-apiserver" "$out/kube-controller-manager" "$out/kubectl" "$out/etcd" "$bin/"
echo "$bin"
