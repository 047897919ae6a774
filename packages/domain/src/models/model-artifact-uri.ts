/** The URI prefix of the built-in artifact store (bytes in the `model_artifacts` table). */
export const PG_ARTIFACT_PREFIX = "pg://model-artifacts/";

const SHA256 = /^[0-9a-f]{64}$/;

/** `pg://model-artifacts/<sha256>`: where the built-in store keeps an artifact. */
export const pgArtifactUri = (sha256: string): string => `${PG_ARTIFACT_PREFIX}${sha256}`;

/** The digest a built-in-store URI names, or null when the URI is not one. */
export const pgArtifactDigest = (uri: string): string | null => {
  if (!uri.startsWith(PG_ARTIFACT_PREFIX)) return null;
  const digest = uri.slice(PG_ARTIFACT_PREFIX.length);
  return SHA256.test(digest) ? digest : null;
};

/** True for a lower-case hex sha256. */
export const isSha256 = (value: string): boolean => SHA256.test(value);
