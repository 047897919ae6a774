import { type ModelVersionRow, modelVersions } from "@fincoach/db";
import { conflict } from "@fincoach/errors";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { Uuid } from "../shared/schemas.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { isSha256 } from "./model-artifact-uri.ts";
import type { RegistryCtx } from "./registry-context.ts";

/** A version as training (or a ModelVersion's spec.artifact) describes it. */
export const RegisterModelVersionInput = z.object({
  model: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be a DNS label such as categorizer"),
  version: z.string().regex(/^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?$/, "must be a version name such as v2"),
  userId: Uuid.nullable().default(null),
  artifactUri: z.string().regex(/^(file|https?|pg):\/\//, "must be a file://, http(s):// or pg:// URI"),
  artifactSha256: z.string().refine(isSha256, "must be 64 lower-case hex digits"),
  format: z.string().min(1).default("onnx"),
  labels: z.array(z.string()).min(1),
  training: z.record(z.string(), z.unknown()).default({}),
});
export type RegisterModelVersionInput = z.input<typeof RegisterModelVersionInput>;

/**
 * Registers a version, or returns the one already registered under the same name when it
 * names the same artifact (a retried Job, a pod restarting). The same name with another
 * artifact is a CONFLICT: a version's bytes never change under it.
 */
export const registerModelVersion = async ({
  ctx,
  input,
}: {
  ctx: RegistryCtx;
  input: RegisterModelVersionInput;
}): Promise<{ row: ModelVersionRow; created: boolean }> => {
  const data = parseInput(RegisterModelVersionInput, input);
  const [inserted] = await ctx.db
    .insert(modelVersions)
    .values(data)
    .onConflictDoNothing({ target: [modelVersions.model, modelVersions.version] })
    .returning();
  if (inserted) return { row: inserted, created: true };
  const [existing] = await ctx.db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.model, data.model), eq(modelVersions.version, data.version)));
  if (!existing) throw conflict(`model ${data.model} version ${data.version} was removed while registering`);
  if (existing.artifactSha256 !== data.artifactSha256 || existing.userId !== data.userId)
    throw conflict(
      `model ${data.model} version ${data.version} is already registered with artifact sha256 ${existing.artifactSha256}`,
    );
  return { row: existing, created: false };
};
