#!/usr/bin/env bash
# Builds helm from its Go module (helm.sh/helm/v3) at a pinned version into a cache outside
# the repository, the way scripts/control-plane/build.sh builds kube-apiserver: no prebuilt
# binary can be downloaded on these machines, the Go module proxy can be reached.
# A second run on the same machine finds the binary and exits. Prints its path on its last line.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v3.22.0}"
cache="${FINCOACH_CACHE:-$HOME/.cache/fincoach}/helm-${HELM_VERSION}"
bin="$cache/helm"

complete() { [[ -x "$bin" ]]; }
# shellcheck source=../lib/cached-build.sh
source "$(dirname "$0")/../lib/cached-build.sh"
cached_build_start "$cache" "helm: Go is needed to build helm"
cd "$work"
printf 'module fincoach.dev/helm\ngo 1.24\nrequire helm.sh/helm/v3 %s\n' "$HELM_VERSION" > go.mod
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "helm.sh/helm/v3/cmd/helm"
GO
go mod tidy -e >/dev/null
# helm reports its version from these variables (set by its Makefile in a release build).
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
go build -trimpath -ldflags "$ldflags" -o "$work/helm" helm.sh/helm/v3/cmd/helm
# Only a finished binary lands in the cache, so an interrupted build is redone next time.
mv "$work/helm" "$bin"
echo "$bin"
