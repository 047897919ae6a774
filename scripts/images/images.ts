/**
 * The images FinCoach ships and where their Dockerfiles are: the one list the Dockerfile lint,
 * skaffold's test and the test-image builder share.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(import.meta.dirname, "..", "..");

/** Image name (`fincoach/<name>`) -> Dockerfile, relative to the repository root (the build context). */
export const IMAGES = {
  api: "services/api/Dockerfile",
  ml: "services/ml/Dockerfile",
  worker: "services/worker/Dockerfile",
  beat: "services/beat/Dockerfile",
  operator: "operator/Dockerfile",
} as const;

export type ImageName = keyof typeof IMAGES;
export const IMAGE_NAMES = Object.keys(IMAGES) as ImageName[];

/** Where every image lives, as the manifests name it (cdk8s/src/settings.ts). */
export const IMAGE_REPOSITORY = "docker.io/fincoach";

/** The manifests' default tag is the root package.json's version (cdk8s/src/settings.ts): the same here. */
export const defaultTag = (): string =>
  (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

export const imageReference = (name: string, tag: string): string => `${IMAGE_REPOSITORY}/${name}:${tag}`;
