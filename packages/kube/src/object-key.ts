import type { KubernetesObject } from "./types.ts";

/** The work-queue key of an object: `namespace/name`, or `name` when cluster-scoped. */
export const objectKey = (obj: KubernetesObject): string => {
  const name = obj.metadata?.name;
  if (!name) throw new Error("objectKey: object has no metadata.name");
  const namespace = obj.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
};

/** Splits a key made by {@link objectKey}; `namespace` is "" for cluster-scoped objects. */
export const parseObjectKey = (key: string): { namespace: string; name: string } => {
  const slash = key.indexOf("/");
  return slash < 0 ? { namespace: "", name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
};
