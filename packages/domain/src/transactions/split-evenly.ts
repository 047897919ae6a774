import { allocate } from "@fincoach/money";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { parseInput } from "./parse-input.ts";
import { applySplits } from "./replace-splits.ts";
import type { TransactionView } from "./transaction-view.ts";

export const SplitEvenly = z
  .object({ categoryIds: z.array(Uuid).min(2).max(50) })
  .strict()
  .meta({ id: "SplitEvenly" });
export type SplitEvenly = z.infer<typeof SplitEvenly>;

/**
 * Splits the amount into equal parts, one per category. `allocate` hands the leftover
 * minor units to the first parts, so 10.00 / 3 is 3.34 + 3.33 + 3.33, exactly 10.00.
 */
export const splitEvenly = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; body: SplitEvenly };
}): Promise<TransactionView> => {
  const { categoryIds } = parseInput(SplitEvenly, input.body);
  return applySplits(ctx, input.id, (row) =>
    allocate(
      { minor: row.amountMinor, currency: row.currency },
      categoryIds.map(() => 1n),
    ).map((part, i) => ({ categoryId: categoryIds[i]!, amountMinor: part.minor, notes: null })),
  );
};
