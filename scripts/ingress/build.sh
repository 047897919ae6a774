#!/usr/bin/env bash
# Builds the real node's ingress controller, Traefik, from its Go module
# (github.com/traefik/traefik/v3) at a pinned version into a cache outside the repository,
# the way scripts/node-cluster/build.sh builds CoreDNS: no prebuilt binary can be downloaded
# on these machines, the Go module proxy can be reached. A second run on the same machine
# finds the binary and exits. Prints the bin directory on its last line.
set -euo pipefail

TRAEFIK_VERSION="${TRAEFIK_VERSION:-v3.6.12}"
cache="${FINCOACH_CACHE:-$HOME/.cache/fincoach}/ingress-traefik-${TRAEFIK_VERSION}"
bin="$cache/bin"

complete() { [[ -x "$bin/traefik" ]]; }
# shellcheck source=../lib/cached-build.sh
source "$(dirname "$0")/../lib/cached-build.sh"
cached_build_start "$cache" "ingress: Go is needed to build Traefik"
cd "$work"

# replace and exclude directives only count in the main module: this wrapper carries
# Traefik's own (its go.mod at this version), or the forks it builds against are not used.
# v3.7 cannot be built here: the module proxy refuses (403) its go-http-auth fork and a dozen
# of lego v5's DNS-provider SDKs, and its dynamic/ext nested module is in no module zip.
cat > go.mod <<MOD
module fincoach.dev/ingress

go 1.25.0

require github.com/traefik/traefik/v3 $TRAEFIK_VERSION

replace (
	github.com/abbot/go-http-auth => github.com/containous/go-http-auth v0.4.1-0.20200324110947-a37a7636d23e
	github.com/gorilla/mux => github.com/containous/mux v0.0.0-20250523120546-41b6ec3aed59
	github.com/mailgun/minheap => github.com/containous/minheap v0.0.0-20190809180810-6e71eb837595
)

// An old tencentcloud monorepo version makes an import ambiguous.
exclude github.com/tencentcloud/tencentcloud-sdk-go v3.0.83+incompatible
MOD
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/traefik/traefik/v3/cmd/traefik"
GO
go mod tidy -e >/dev/null
# Traefik reports its version from this variable (set by its Makefile in a release build).
# The web UI is left out: the module's webui/static holds only a placeholder, and the
# dashboard is not enabled on the node.
ldflags="-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$TRAEFIK_VERSION"
go build -trimpath -ldflags "$ldflags" -o "$work/traefik" github.com/traefik/traefik/v3/cmd/traefik
# Only a finished binary lands in the cache, so an interrupted build is redone next time.
mkdir -p "$bin"
mv "$work/traefik" "$bin/"
echo "$bin"
