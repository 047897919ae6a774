import type { KubeObjectApi } from "./kube-object-api.ts";
import type { KubernetesObject } from "./types.ts";

/** Options of {@link serverSideApply}. */
export type ApplyOptions = {
  /** The owner recorded in managedFields; keep it fixed per controller. */
  fieldManager: string;
  /** Take over fields another manager owns instead of failing with 409. @default true */
  force?: boolean;
  dryRun?: boolean;
};

/**
 * Server-side apply of `obj` (apiVersion, kind, metadata.name[, namespace] and only the
 * fields this manager owns): creates it or updates exactly those fields, and drops fields
 * this manager applied before but left out now.
 */
export const serverSideApply = <T extends KubernetesObject>(
  client: KubeObjectApi,
  obj: T,
  options: ApplyOptions,
): Promise<T> =>
  client.patch<T>(withoutServerFields(obj), {
    type: "apply",
    fieldManager: options.fieldManager,
    force: options.force ?? true,
    dryRun: options.dryRun ?? false,
  });

/** {@link serverSideApply} on the status subresource (the object's `status` only). */
export const serverSideApplyStatus = <T extends KubernetesObject>(
  client: KubeObjectApi,
  obj: T,
  options: ApplyOptions,
): Promise<T> =>
  client.patchStatus<T>(withoutServerFields(obj), {
    fieldManager: options.fieldManager,
    force: options.force ?? true,
    type: "apply",
    dryRun: options.dryRun ?? false,
  });

// An apply body carrying managedFields would overwrite the server's bookkeeping; one
// carrying a stale resourceVersion would turn into a precondition that fails with 409.
const withoutServerFields = <T extends KubernetesObject>(obj: T): T => {
  if (!obj.metadata) return obj;
  const { managedFields: _m, resourceVersion: _r, ...metadata } = obj.metadata;
  return { ...obj, metadata };
};
