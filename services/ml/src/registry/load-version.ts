import { type ArtifactModel, loadModelArtifact, sha256Hex } from "@fincoach/categorizer";
import { type FetchArtifactOptions, fetchArtifact } from "./fetch-artifact.ts";
import { type VersionRef, versionKey } from "./version-ref.ts";

/** Why a version was not loaded: the message says which check failed. */
export class ArtifactRefused extends Error {
  override name = "ArtifactRefused";
}

/** How a version's bytes become a model; the real loader unless a test swaps it. */
export type ArtifactLoader = (bytes: Uint8Array) => Promise<ArtifactModel>;

/**
 * Fetches a version's artifact, refuses it unless its sha256 is the registered one, and
 * loads it. A digest that matches but bytes onnxruntime cannot load (a corrupt registration)
 * and labels other than those the version was registered with are refused too.
 */
export const loadVersion = async (
  ref: VersionRef,
  options: FetchArtifactOptions & { load?: ArtifactLoader },
): Promise<ArtifactModel> => {
  const what = `${versionKey(ref)} (${ref.artifactUri})`;
  if (ref.format !== "onnx") throw new ArtifactRefused(`${what}: format ${ref.format} is not onnx`);
  let bytes: Uint8Array;
  try {
    bytes = await fetchArtifact(ref.artifactUri, options);
  } catch (e) {
    throw new ArtifactRefused(`${what}: ${(e as Error).message}`);
  }
  const actual = sha256Hex(bytes);
  if (actual !== ref.artifactSha256)
    throw new ArtifactRefused(
      `${what}: sha256 ${actual} does not match the registered ${ref.artifactSha256} (corrupt or replaced)`,
    );
  let model: ArtifactModel;
  try {
    model = await (options.load ?? loadModelArtifact)(bytes);
  } catch (e) {
    throw new ArtifactRefused(`${what}: cannot be loaded: ${(e as Error).message}`);
  }
  if (ref.labels.length > 0 && !sameLabels(ref.labels, model.labels)) {
    await model.release();
    throw new ArtifactRefused(
      `${what}: the file's ${model.labels.length} labels differ from the ${ref.labels.length} registered`,
    );
  }
  return model;
};

const sameLabels = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((label, i) => label === b[i]);
