/**
 * The shapes of Kubernetes objects, as types only: they come from @kubernetes/client-node's
 * maintained typings, which `import type` erases, so the library itself is never loaded at
 * run time (see KubeConnection for why).
 */
import type { KubernetesObject } from "@kubernetes/client-node";

export type {
  KubernetesObject,
  V1ConfigMap,
  V1Deployment,
  V1ObjectMeta,
  V1OwnerReference,
  V1Service,
  V2HorizontalPodAutoscaler,
} from "@kubernetes/client-node";

/** A list as the apiserver sends it (`metadata.continue`, not client-node's `_continue`). */
export type KubernetesListObject<T extends KubernetesObject> = {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
};
