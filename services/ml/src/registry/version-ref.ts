import type { ModelVersionRow } from "@fincoach/db";

/** A registered version as the registry loads it: where the artifact is and what it must hash to. */
export type VersionRef = Pick<
  ModelVersionRow,
  "model" | "version" | "userId" | "artifactUri" | "artifactSha256" | "format" | "labels" | "training" | "createdAt"
>;

/** `model/version`: the key a version is held under, in logs and in SHADOW_VERSIONS. */
export const versionKey = (ref: { model: string; version: string }): string => `${ref.model}/${ref.version}`;
