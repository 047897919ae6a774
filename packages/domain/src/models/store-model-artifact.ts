import { createHash } from "node:crypto";
import { modelArtifacts } from "@fincoach/db";
import { pgArtifactUri } from "./model-artifact-uri.ts";
import type { RegistryCtx } from "./registry-context.ts";

export type StoredArtifact = { uri: string; sha256: string; size: number };

/**
 * Puts an artifact in the built-in store (PostgreSQL), addressed by its sha256. Storing the
 * same bytes twice is a no-op: content addressing makes the row immutable.
 */
export const storeModelArtifact = async ({
  ctx,
  bytes,
}: {
  ctx: RegistryCtx;
  bytes: Uint8Array;
}): Promise<StoredArtifact> => {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  await ctx.db
    .insert(modelArtifacts)
    .values({ sha256, bytes: buffer, size: bytes.byteLength })
    .onConflictDoNothing({ target: modelArtifacts.sha256 });
  return { uri: pgArtifactUri(sha256), sha256, size: bytes.byteLength };
};
