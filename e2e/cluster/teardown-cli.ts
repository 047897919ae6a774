// Tears down this machine's node (what a test run killed before its own teardown left):
// `sh scripts/node.sh e2e/cluster/teardown-cli.ts`. The node's watchdog runs it too, with
// `--lock-held` (it holds the machine lock already).
import { acquireMachineLock } from "./machine-lock.ts";
import { NODE_LOCK, nodePaths } from "./node-layout.ts";
import { teardownNode } from "./teardown-node.ts";

// By hand, only under the machine lock: tearing down a node another run is starting or
// using deletes its process record, and the processes it starts afterwards then outlive
// every teardown (stray CoreDNS and kubelets were seen that way).
const lock = process.argv.includes("--lock-held")
  ? undefined
  : await acquireMachineLock(NODE_LOCK, 10_000).catch(() => {
      process.stderr.write("teardown: a node run holds the machine lock; stop that run first (or let it finish)\n");
      process.exit(1);
    });
try {
  await teardownNode(nodePaths());
} finally {
  await lock?.release();
}
