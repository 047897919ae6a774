export { countVersionFeedback, type VersionFeedbackCounts } from "./count-version-feedback.ts";
export { type LabelledTransaction, listLabelledHistory } from "./list-labelled-history.ts";
export { listModelVersions, type ModelVersionFilter } from "./list-model-versions.ts";
export { listPeopleDueForRetraining } from "./list-people-due-for-retraining.ts";
export { isSha256, PG_ARTIFACT_PREFIX, pgArtifactDigest, pgArtifactUri } from "./model-artifact-uri.ts";
export { readModelArtifact } from "./read-model-artifact.ts";
export { RegisterModelVersionInput, registerModelVersion } from "./register-model-version.ts";
export type { RegistryCtx } from "./registry-context.ts";
export { type StoredArtifact, storeModelArtifact } from "./store-model-artifact.ts";
