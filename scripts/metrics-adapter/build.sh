#!/usr/bin/env bash
# Builds prometheus-adapter (sigs.k8s.io/prometheus-adapter) from its Go module at a pinned
# version into a cache outside the repository, the way scripts/node-cluster/build.sh builds
# metrics-server: no prebuilt binary or image can be downloaded on these machines, the Go
# module proxy can be reached. The real node runs it as a host process serving
# external.metrics.k8s.io from the chart's adapter rules (e2e/cluster/metrics-adapter.ts).
# A second run on the same machine finds the binary and exits. Prints the bin directory on
# its last line.
set -euo pipefail

PROMETHEUS_ADAPTER_VERSION="${PROMETHEUS_ADAPTER_VERSION:-v0.12.0}"
cache="${FINCOACH_CACHE:-$HOME/.cache/fincoach}/metrics-adapter-${PROMETHEUS_ADAPTER_VERSION}"
bin="$cache/bin"

if [[ -x "$bin/prometheus-adapter" ]]; then
  echo "$bin"
  exit 0
fi
command -v go >/dev/null || { echo "metrics-adapter: Go is needed to build prometheus-adapter" >&2; exit 1; }
mkdir -p "$cache"
# Test processes started in parallel on a cold machine: one builds, the others wait for it.
if command -v flock >/dev/null; then
  exec 9>"$cache/.build.lock"
  flock 9
  if [[ -x "$bin/prometheus-adapter" ]]; then
    echo "$bin"
    exit 0
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
cd "$work"

# The adapter's go.mod has no replace directives, so a wrapper module requiring it at the
# pinned version resolves the same dependency versions its own build does.
printf 'module fincoach.dev/metricsadapter\ngo 1.24\nrequire sigs.k8s.io/prometheus-adapter %s\n' \
  "$PROMETHEUS_ADAPTER_VERSION" > go.mod
printf '//go:build tools\n\npackage tools\n\nimport _ "sigs.k8s.io/prometheus-adapter/cmd/adapter"\n' > tools.go
go mod tidy -e >/dev/null
# The adapter reports its version through component-base like metrics-server.
go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$PROMETHEUS_ADAPTER_VERSION" \
  -o "$work/prometheus-adapter" sigs.k8s.io/prometheus-adapter/cmd/adapter

# Only a complete build lands in the cache, so an interrupted build is redone next time.
mkdir -p "$bin"
mv "$work/prometheus-adapter" "$bin/"
echo "$bin"
