import type { KubernetesObject, V1ObjectMeta } from "./types.ts";

/**
 * Shrinks an object before an informer caches it or hands it to handlers (client-go's
 * `SetTransform`). It gets freshly parsed JSON, may reuse its parts, and must keep
 * `metadata.name`, `namespace` and `resourceVersion`: the cache is keyed by the first two
 * and watches resume from the last.
 */
export type CacheTransform<T extends KubernetesObject, Raw extends KubernetesObject = T> = (obj: Raw) => T;

/** The metadata {@link ownedChild} keeps: who the object is, which version, whether it goes, who owns it. */
export type IdentityMetadata = Pick<
  V1ObjectMeta,
  "name" | "namespace" | "resourceVersion" | "ownerReferences" | "deletionTimestamp"
>;

/**
 * An object as {@link keepOnly} caches it: apiVersion, kind, metadata and the fields `K`;
 * whatever else the kind has is absent from the type, as it is from the cache.
 */
export type KeptFields<T extends KubernetesObject, K extends keyof T = never> = Pick<
  T,
  "apiVersion" | "kind" | "metadata" | K
>;

/**
 * An owned child as {@link ownedChild} caches it: no labels, annotations, generation or
 * timestamps are typed, since none are kept, only {@link IdentityMetadata} and the fields `K`.
 */
export type CachedChild<T extends KubernetesObject, K extends keyof T = never> = Pick<T, "apiVersion" | "kind" | K> & {
  metadata: IdentityMetadata;
};

/** `kubectl apply`'s client-side copy of the whole object, as an annotation. */
export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

// Copies rather than `delete`: an object that loses a property in V8 falls back to a
// dictionary of properties, which costs more than the field saved.
const leanMetadata = (metadata: V1ObjectMeta): V1ObjectMeta => {
  const { managedFields: _managed, annotations, ...rest } = metadata;
  if (!annotations) return rest;
  if (!(LAST_APPLIED_ANNOTATION in annotations)) return { ...rest, annotations };
  const { [LAST_APPLIED_ANNOTATION]: _lastApplied, ...others } = annotations;
  return Object.keys(others).length > 0 ? { ...rest, annotations: others } : rest;
};

/**
 * Drops what no controller reads and what makes up much of a stored object:
 * `metadata.managedFields` (server-side apply's per-field bookkeeping, one entry per
 * manager and subresource) and `kubectl apply`'s last-applied annotation (a second copy of
 * the object). Writes never need them: server-side apply sends the desired state, and
 * status writes send the status only.
 */
export const stripManagedFields = <T extends KubernetesObject>(obj: T): T =>
  obj.metadata ? { ...obj, metadata: leanMetadata(obj.metadata) } : obj;

/**
 * A transform that keeps `apiVersion`, `kind`, the metadata (as
 * {@link stripManagedFields} leaves it) and the listed top-level fields only: for owned
 * children a controller maps to their owner and otherwise reads little (a Deployment's
 * `status`), so their `spec` (a whole pod template for a Deployment) need not stay.
 */
export const keepOnly = <T extends KubernetesObject, K extends keyof T & string = never>(
  ...fields: readonly K[]
): CacheTransform<KeptFields<T, K>, T> => pick(leanMetadata, fields);

// apiVersion, kind, `metadata` cut down by `slimMetadata`, and the named top-level fields.
const pick =
  <T extends KubernetesObject, Slim extends KubernetesObject>(
    slimMetadata: (m: V1ObjectMeta) => V1ObjectMeta,
    fields: readonly string[],
  ): CacheTransform<Slim, T> =>
  (obj) => {
    const slim: Record<string, unknown> = { apiVersion: obj.apiVersion, kind: obj.kind };
    if (obj.metadata) slim.metadata = slimMetadata(obj.metadata);
    for (const field of fields) if (field in obj) slim[field] = (obj as Record<string, unknown>)[field];
    return slim as Slim;
  };

/**
 * The metadata a controller needs of an object it owns: which it is (name, namespace),
 * which version it saw (resourceVersion), whether it is going away (deletionTimestamp) and
 * who owns it (ownerReferences). Built as one literal so every cached child shares one V8
 * shape.
 */
const identityMetadata = (m: V1ObjectMeta): IdentityMetadata => {
  const slim: IdentityMetadata = {
    name: m.name,
    namespace: m.namespace,
    resourceVersion: m.resourceVersion,
    ownerReferences: m.ownerReferences,
  };
  if (m.deletionTimestamp) slim.deletionTimestamp = m.deletionTimestamp;
  return slim;
};

/**
 * For the caches of owned children, the largest by count (a controller owns several
 * objects per primary): {@link keepOnly} with the metadata cut to
 * {@link identityMetadata}, since a child is selected server-side by label and mapped to
 * its owner by ownerReference, and its labels, annotations and timestamps are never read.
 */
export const ownedChild = <T extends KubernetesObject, K extends keyof T & string = never>(
  ...fields: readonly K[]
): CacheTransform<CachedChild<T, K>, T> => pick(identityMetadata, fields);
