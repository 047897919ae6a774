import { syncJobs } from "@fincoach/db";
import { and, desc, eq, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { Uuid } from "../shared/schemas.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { SyncJobView, toSyncJobView } from "./sync-job-view.ts";

// `t` is PostgreSQL's own text of created_at (microseconds, with offset): a JS Date would
// cut it to milliseconds and skip or repeat rows created within the same millisecond.
const CursorPayload = z
  .object({ t: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/), i: Uuid })
  .strict();

const decode = (text: string) => {
  try {
    return CursorPayload.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
  } catch {
    return CursorPayload.safeParse(undefined);
  }
};

export const SYNC_JOB_PAGE = { default: 50, max: 100 } as const;

export const ListSyncJobsQuery = z
  .object({
    connectionId: Uuid.optional().meta({ description: "Only this connection's jobs" }),
    limit: z.coerce.number().int().min(1).max(SYNC_JOB_PAGE.max).optional(),
    cursor: z
      .string()
      .max(200)
      .refine((s) => decode(s).success, "is not a valid page cursor")
      .optional()
      .meta({ description: "`nextCursor` of the previous page" }),
  })
  .strict();
export type ListSyncJobsQuery = z.input<typeof ListSyncJobsQuery>;

export const SyncJobPage = z
  .object({ items: z.array(SyncJobView), nextCursor: z.string().nullable() })
  .meta({ id: "SyncJobPage" });
export type SyncJobPage = z.infer<typeof SyncJobPage>;

/** The person's sync jobs, newest first, a page at a time (keyset on created_at, id). */
export const listSyncJobs = async ({ ctx, input }: { ctx: Ctx; input: ListSyncJobsQuery }): Promise<SyncJobPage> => {
  const q = parseInput(ListSyncJobsQuery, input);
  const limit = q.limit ?? SYNC_JOB_PAGE.default;
  const where: (SQL | undefined)[] = [eq(syncJobs.userId, ctx.userId)];
  if (q.connectionId) where.push(eq(syncJobs.connectionId, q.connectionId));
  if (q.cursor) {
    const { t, i } = decode(q.cursor).data!;
    const at = sql`${t}::timestamptz`;
    where.push(or(lt(syncJobs.createdAt, at), and(eq(syncJobs.createdAt, at), lt(syncJobs.id, i))));
  }
  const rows = await ctx.db
    .select({ job: syncJobs, at: sql<string>`${syncJobs.createdAt}::text` })
    .from(syncJobs)
    .where(and(...where))
    .orderBy(desc(syncJobs.createdAt), desc(syncJobs.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify({ t: last.at, i: last.job.id })).toString("base64url")
      : null;
  return { items: page.map((r) => toSyncJobView(r.job)), nextCursor };
};
