export {
  isAlreadyExists,
  isConflict,
  isGone,
  isNotFound,
  messageOf,
  statusBodyOf,
  statusCodeOf,
} from "./api-errors.ts";
export { type BackoffOptions, exponentialBackoff } from "./backoff.ts";
export {
  type CachedChild,
  type CacheTransform,
  type IdentityMetadata,
  type KeptFields,
  keepOnly,
  LAST_APPLIED_ANNOTATION,
  ownedChild,
  stripManagedFields,
} from "./cache-transform.ts";
export {
  KubeConnection,
  type KubeConnectionSettings,
  type Pem,
  SERVICE_ACCOUNT_DIR,
} from "./client/kube-connection.ts";
export {
  KubeApiError,
  KubeHttp,
  PATCH_CONTENT_TYPES,
  type PatchType,
  type Query,
  type RequestOptions,
  type Status,
  type WatchEvent,
} from "./client/kube-http.ts";
export { ListWatch, type ListWatchOptions } from "./client/list-watch.ts";
export { type Clock, sleep, systemClock, type TimerHandle } from "./clock.ts";
export {
  Condition,
  type ConditionInput,
  getCondition,
  isConditionTrue,
  removeCondition,
  rfc3339,
  setCondition,
} from "./conditions.ts";
export {
  type Controller,
  type ControllerOptions,
  createController,
  generationChanged,
  type OwnedInformer,
  ownerKeys,
  type ReconcileRequest,
  type WatchedInformer,
} from "./controller.ts";
export { type EventInput, EventRecorder, type EventRecorderOptions } from "./event-recorder.ts";
export { FakeClock } from "./fake-clock.ts";
export {
  KubeObjectApi,
  type ObjectRef,
  type PatchOptions,
  resourcePath,
  type WriteOptions,
} from "./kube-object-api.ts";
export { LeaderElector, type LeaderElectorOptions, type LeadershipEnd } from "./leader-elector.ts";
export { type LeaseClient, leaseClient } from "./lease-client.ts";
export type { Lease, LeaseSpec } from "./lease-spec.ts";
export { microTime } from "./micro-time.ts";
export { objectKey, parseObjectKey } from "./object-key.ts";
export { controllerOf, ownerReference } from "./owner-reference.ts";
export { promQueueMetrics, type QueueMetrics } from "./queue-metrics.ts";
export {
  type InformerOptions,
  type InnerInformer,
  ResilientInformer,
  startInformer,
} from "./resilient-informer.ts";
export { type RetryOnConflictOptions, retryOnConflict } from "./retry-on-conflict.ts";
export { type ApplyOptions, serverSideApply, serverSideApplyStatus } from "./server-side-apply.ts";
export { StringInterner } from "./string-interner.ts";
export { TokenBucket } from "./token-bucket.ts";
export type * from "./types.ts";
export { type ReconcileOutcome, type ReconcileResult, WorkQueue, type WorkQueueOptions } from "./work-queue.ts";
