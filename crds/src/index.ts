/**
 * @fincoach/crds: the SyncSchedule and ModelVersion custom resources. The zod schemas in
 * this folder are the one source of truth: they generate the CRD YAML in crds/ (`npm run
 * crds:generate`), give the operator its TypeScript types, and parse examples and tests.
 */
export { API_VERSION, CATEGORY, GROUP, VERSION } from "./api-group.ts";
export type { CelRule } from "./cel.ts";
export { Condition, Conditions, LabelSelector, Quantity, ResourceRequirements } from "./common.ts";
export type { CustomResourceDefinition, PrinterColumn } from "./custom-resource-definition.ts";
export { installCrds } from "./install-crds.ts";
export { MODEL_VERSION_KIND, MODEL_VERSION_PLURAL, ModelVersion, modelVersionCrd } from "./model-version.ts";
export {
  Artifact,
  ModelVersionSpec,
  type ModelVersionSpecInput,
  Rollout,
  Thresholds,
} from "./model-version-spec.ts";
export { Analysis, ModelVersionConditionType, ModelVersionPhase, ModelVersionStatus } from "./model-version-status.ts";
export { CRD_FILES, renderCrdYaml } from "./render-crd.ts";
export type { SchemaNode } from "./structural-schema.ts";
export { SYNC_SCHEDULE_KIND, SYNC_SCHEDULE_PLURAL, SyncSchedule, syncScheduleCrd } from "./sync-schedule.ts";
export { SyncScheduleSpec, type SyncScheduleSpecInput, WorkersSpec } from "./sync-schedule-spec.ts";
export { SyncScheduleConditionType, SyncScheduleStatus } from "./sync-schedule-status.ts";

import { modelVersionCrd } from "./model-version.ts";
import { syncScheduleCrd } from "./sync-schedule.ts";

/** Both CRDs, for tests and tools that install them. */
export const ALL_CRDS = [syncScheduleCrd, modelVersionCrd] as const;
