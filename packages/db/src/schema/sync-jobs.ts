import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";
import { connections } from "./connections.ts";
import { users } from "./users.ts";

export const SYNC_JOB_KINDS = ["mailbox", "bank", "import"] as const;
export type SyncJobKind = (typeof SYNC_JOB_KINDS)[number];

export const SYNC_JOB_STATUSES = ["queued", "running", "completed", "failed"] as const;
export type SyncJobStatus = (typeof SYNC_JOB_STATUSES)[number];

/** One run of a mailbox or bank sync (or a queued import) and its accounting, written by the worker. */
export const syncJobs = pgTable(
  "sync_jobs",
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** null for kind 'import' (a queued statement import has no connection). */
    connectionId: uuid().references(() => connections.id, { onDelete: "cascade" }),
    kind: text({ enum: SYNC_JOB_KINDS }).notNull(),
    status: text({ enum: SYNC_JOB_STATUSES }).notNull().default("queued"),
    progress: integer().notNull().default(0),
    processed: integer().notNull().default(0),
    inserted: integer().notNull().default(0),
    duplicates: integer().notNull().default(0),
    skipped: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    error: text(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("sync_jobs_user_connection_created_idx").on(t.userId, t.connectionId, t.createdAt.desc()),
    check("sync_jobs_progress_range", sql`${t.progress} between 0 and 100`),
  ],
);
export type SyncJob = typeof syncJobs.$inferSelect;
