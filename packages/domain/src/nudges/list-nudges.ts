import { nudges } from "@fincoach/db";
import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { NudgeKind, type NudgeView, toNudgeView } from "./nudge-view.ts";

export const ListNudges = z
  .object({
    kind: NudgeKind.optional(),
    dismissed: z
      .enum(["true", "false"])
      .optional()
      .meta({ description: "true: dismissed only; false: not dismissed only; absent: both" }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict()
  .meta({ id: "ListNudgesQuery" });
export type ListNudges = z.input<typeof ListNudges>;

/** The person's nudges, newest first (the latest `limit`). */
export const listNudges = async ({ ctx, input = {} }: { ctx: Ctx; input?: ListNudges }): Promise<NudgeView[]> => {
  const q = parseInput(ListNudges, input);
  const rows = await ctx.db
    .select()
    .from(nudges)
    .where(
      and(
        eq(nudges.userId, ctx.userId),
        q.kind ? eq(nudges.kind, q.kind) : undefined,
        q.dismissed === undefined
          ? undefined
          : q.dismissed === "true"
            ? isNotNull(nudges.dismissedAt)
            : isNull(nudges.dismissedAt),
      ),
    )
    .orderBy(desc(nudges.createdAt), desc(nudges.id))
    .limit(q.limit);
  return rows.map(toNudgeView);
};
