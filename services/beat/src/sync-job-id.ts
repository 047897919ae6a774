import { createHash } from "node:crypto";
import { runName } from "@fincoach/contracts";

/** The run of `schedule` at `tick` (contracts' runName: `<name>-<unix minutes>`). */
export const scheduledRunName = (schedule: { name: string }, tick: Date): string => runName(schedule.name, tick);

/** BullMQ job id of one connection's job in a run: `<schedule>-<tick>-<connection>`. */
export const bullJobIdOf = (run: string, connectionId: string): string => `${run}-${connectionId}`;

// A fixed namespace of beat's own (random once, never change it: row ids derive from it).
const ROW_ID_NAMESPACE = Buffer.from("5b0e7c9a3d2f4e61a8c4f0d19e2b7a63", "hex");

/**
 * The `sync_jobs` row id of one connection's job in a run: a UUID v5 (RFC 9562, SHA-1 of
 * a namespace and a name) of `<namespace>/<run>-<connection>`, so two replicas or a retry
 * insert the same id and `on conflict do nothing` keeps one row. The namespace is part of
 * the name: two namespaces may have a schedule of the same name. Written out rather than a
 * dependency: it is the RFC's few lines over node:crypto.
 */
export const syncJobRowId = (namespace: string, run: string, connectionId: string): string => {
  const hash = createHash("sha1")
    .update(ROW_ID_NAMESPACE)
    .update(`${namespace}/${bullJobIdOf(run, connectionId)}`)
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
