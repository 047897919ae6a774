#!/bin/sh
# `npm test`: the whole suite, as CI runs it. Lint and format check, type-check, dependency
# rules, then every *.test.ts with node's test runner against the real PostgreSQL and Redis
# (TEST_DATABASE_ADMIN_URL / TEST_REDIS_URL; defaults 127.0.0.1:5432 and :6379).
set -e
cd "$(dirname "$0")/.."
node_bin="sh scripts/node.sh"

echo "== lint (biome)"
npx --no-install biome ci --colors=off --reporter=summary .
echo "== type-check (tsc --noEmit, strict)"
$node_bin node_modules/typescript/bin/tsc -p tsconfig.json
echo "== dependency rules"
$node_bin scripts/check-dependencies.ts
echo "== tests"
files=$(find packages services operator crds cdk8s scripts bench -name node_modules -prune -o -name '*.test.ts' -print | sort)
# Each test file gets its own database and Redis prefix, so files run in parallel.
status=0
$node_bin --test --test-concurrency="${TEST_CONCURRENCY:-4}" --test-timeout=120000 $files || status=$?
echo "== end-to-end (a real node; one per machine, so one file at a time)"
e2e=$(find e2e -name node_modules -prune -o -name '*.test.ts' -print | sort)
$node_bin --test --test-concurrency=1 --test-timeout=120000 $e2e || status=$?
exit $status
