// Tears down this machine's node (what a test run killed before its own teardown left):
// `sh scripts/node.sh e2e/cluster/teardown-cli.ts`. The node's watchdog runs it too.
import { nodePaths } from "./node-layout.ts";
import { teardownNode } from "./teardown-node.ts";

await teardownNode(nodePaths());
