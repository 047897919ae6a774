import { existsSync, readFileSync, rmSync } from "node:fs";
import { nodeCgroups, restoreMachine } from "./machine-restore.ts";
import { type MachineSnapshot, takeSnapshot } from "./machine-snapshot.ts";
import type { NodePaths } from "./node-layout.ts";
import { killContainers, readProcessRecord, removeShimSockets, stopRecorded } from "./node-processes.ts";

/**
 * Undoes a node, the running one or one a killed run left behind (all it needs is in
 * `paths.root`): the kubelet first (so it restarts nothing), then the containers and their
 * shims, then every other process, then the machine back to the snapshot taken before the
 * node started, then the node's folder. Does nothing when there is no node.
 */
export const teardownNode = async (paths: NodePaths): Promise<void> => {
  if (!existsSync(paths.root)) return;
  if (existsSync(paths.before)) {
    const before = JSON.parse(readFileSync(paths.before, "utf8")) as MachineSnapshot;
    const record = readProcessRecord(paths.pids);
    await stopRecorded(record, ["kubelet"], 5_000);
    await killContainers(nodeCgroups(before, await takeSnapshot()), paths.containerdSocket);
    await stopRecorded(record, undefined, 5_000);
    removeShimSockets(paths.containerdSocket, paths.containerdState);
    await restoreMachine(before, paths.root);
  }
  rmSync(paths.root, { recursive: true, force: true });
};
