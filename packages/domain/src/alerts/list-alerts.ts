import { alerts } from "@fincoach/db";
import { and, desc, eq, gte, isNotNull, isNull, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { decodeAlertCursor, encodeAlertCursor } from "./alert-cursor.ts";
import { AlertKind, AlertView, toAlertView } from "./alert-view.ts";

export const ListAlerts = z
  .object({
    kind: AlertKind.optional(),
    acknowledged: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional()
      .meta({ description: "true: acknowledged only; false: not yet acknowledged only" }),
    since: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ example: "2026-04-01T00:00:00Z", description: "Raised at or after this instant (ISO 8601)" }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(300).optional().meta({ description: "`nextCursor` of the previous page" }),
  })
  .strict()
  .meta({ id: "ListAlertsQuery" });
export type ListAlerts = z.input<typeof ListAlerts>;

export const AlertPage = z
  .object({
    items: z.array(AlertView),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
  })
  .meta({ id: "AlertPage" });

/** The person's alerts, newest first, keyset-paged on (createdAt, id). */
export const listAlerts = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ListAlerts | z.output<typeof ListAlerts>;
}): Promise<{ items: AlertView[]; nextCursor: string | null }> => {
  // The HTTP edge hands over parsed input (a boolean); workers and tests may pass either.
  const { acknowledged } = input;
  const q = parseInput(ListAlerts, {
    ...input,
    ...(typeof acknowledged === "boolean" ? { acknowledged: String(acknowledged) } : {}),
  });
  const cursor = q.cursor ? decodeAlertCursor(q.cursor) : undefined;
  const filters: (SQL | undefined)[] = [
    eq(alerts.userId, ctx.userId),
    q.kind ? eq(alerts.kind, q.kind) : undefined,
    q.acknowledged === undefined
      ? undefined
      : q.acknowledged
        ? isNotNull(alerts.acknowledgedAt)
        : isNull(alerts.acknowledgedAt),
    q.since ? gte(alerts.createdAt, new Date(q.since)) : undefined,
    cursor
      ? or(
          lt(alerts.createdAt, new Date(cursor.createdAt)),
          and(eq(alerts.createdAt, new Date(cursor.createdAt)), lt(alerts.id, cursor.id)),
        )
      : undefined,
  ];
  const rows = await ctx.db
    .select()
    .from(alerts)
    .where(and(...filters))
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toAlertView),
    nextCursor:
      rows.length > q.limit && last
        ? encodeAlertCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
        : null,
  };
};
