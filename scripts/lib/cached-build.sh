# shellcheck shell=bash
# The part every Go build script here shares (control-plane, node-cluster, helm, ingress,
# metrics-adapter): find the outputs in the cache and exit, else take the cache's build lock
# (test processes started in parallel on a cold machine: one builds, the others wait for it
# and then find the outputs), and give the build a scratch folder and Go's settings.
#
# Before calling: `bin` (what the script prints on its last line) and a function `complete`
# (true when every output is in the cache). `cached_build_start <cache dir> <Go is needed to ...>`
# returns holding the lock with `work` (removed on exit) and GOFLAGS, GOTOOLCHAIN and
# CGO_ENABLED exported; only a complete set of outputs must land in the cache afterwards.
cached_build_start() {
  local cache=$1 needs=$2
  if complete; then
    echo "$bin"
    exit 0
  fi
  command -v go >/dev/null || { echo "$needs" >&2; exit 1; }
  mkdir -p "$cache"
  if command -v flock >/dev/null; then
    exec 9>"$cache/.build.lock"
    flock 9
    if complete; then
      echo "$bin"
      exit 0
    fi
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
}
