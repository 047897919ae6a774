import type { KubernetesObject, V1OwnerReference } from "./types.ts";

/**
 * An ownerReference to `owner` for a child in the same namespace, so deleting the owner
 * cascades. `controller` marks the one managing owner (at most one per child);
 * `blockOwnerDeletion` makes foreground deletion wait for the child.
 */
export const ownerReference = (
  owner: KubernetesObject,
  options: { controller?: boolean; blockOwnerDeletion?: boolean } = {},
): V1OwnerReference => {
  const { apiVersion, kind, metadata } = owner;
  if (!apiVersion || !kind || !metadata?.name || !metadata.uid) {
    throw new Error("ownerReference: owner needs apiVersion, kind, metadata.name and metadata.uid");
  }
  return {
    apiVersion,
    kind,
    name: metadata.name,
    uid: metadata.uid,
    controller: options.controller ?? true,
    blockOwnerDeletion: options.blockOwnerDeletion ?? true,
  };
};

/** The ownerReference marked `controller: true`, if any (of `kind`, when given). */
export const controllerOf = (obj: KubernetesObject, kind?: string): V1OwnerReference | undefined =>
  obj.metadata?.ownerReferences?.find((r) => r.controller === true && (kind === undefined || r.kind === kind));
