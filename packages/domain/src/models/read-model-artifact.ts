import { modelArtifacts } from "@fincoach/db";
import { notFound } from "@fincoach/errors";
import { eq } from "drizzle-orm";
import type { RegistryCtx } from "./registry-context.ts";

/**
 * An artifact's bytes from the built-in store, or NOT_FOUND. The caller verifies the digest:
 * the row's key says what the bytes should hash to, not that they still do.
 */
export const readModelArtifact = async ({ ctx, sha256 }: { ctx: RegistryCtx; sha256: string }): Promise<Uint8Array> => {
  const [row] = await ctx.db
    .select({ bytes: modelArtifacts.bytes })
    .from(modelArtifacts)
    .where(eq(modelArtifacts.sha256, sha256));
  if (!row) throw notFound(`model artifact ${sha256}`);
  return new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
};
