import { users } from "@fincoach/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { parseInput } from "../transactions/parse-input.ts";

export const CategorizationSettings = z
  .object({
    /**
     * The model's pick is applied only at or above this probability (0-1); below it the
     * transaction stays uncategorized with the pick as a suggestion. 0 applies every
     * mapped pick, 1 only certain ones.
     */
    confidenceThreshold: z.number().min(0).max(1),
  })
  .meta({ id: "CategorizationSettings" });
export type CategorizationSettings = z.infer<typeof CategorizationSettings>;

export const UpdateCategorizationSettings = CategorizationSettings.partial()
  .strict()
  .meta({ id: "UpdateCategorizationSettings" });
export type UpdateCategorizationSettings = z.infer<typeof UpdateCategorizationSettings>;

/** The person's categorization settings. */
export const getCategorizationSettings = async ({ ctx }: { ctx: Ctx }): Promise<CategorizationSettings> => {
  const [row] = await ctx.db
    .select({ confidenceThreshold: users.categoryConfidenceThreshold })
    .from(users)
    .where(eq(users.id, ctx.userId));
  return requireRow(row, "user");
};

/** Changes the fields given; new transactions are decided with them from now on. */
export const updateCategorizationSettings = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: UpdateCategorizationSettings;
}): Promise<CategorizationSettings> => {
  const data = parseInput(UpdateCategorizationSettings, input);
  if (data.confidenceThreshold !== undefined) {
    await ctx.db
      .update(users)
      .set({ categoryConfidenceThreshold: data.confidenceThreshold })
      .where(eq(users.id, ctx.userId));
  }
  return getCategorizationSettings({ ctx });
};
