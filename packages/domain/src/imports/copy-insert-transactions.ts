import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CATEGORIZE_BATCH_MAX } from "../categorization/categorize-batch.ts";
import type { DecisionColumns } from "../categorization/decision-columns.ts";
import type { ImportCategorizer } from "./categorize-import-rows.ts";
import { copyLine } from "./copy-text.ts";
import type { ImportRow, ImportTarget, InsertCounts } from "./import-rows.ts";
import type { TxSql } from "./sql-client.ts";

/** Rows per write to the COPY stream: big enough to amortize calls, small enough to stay flat in memory. */
const ROWS_PER_CHUNK = 2_000;

const NO_DECISION: readonly null[] = Array(8).fill(null);

// Every row of a pipeline batch shares one decision time: format it once, not per row.
let lastAt: Date | null = null;
let lastAtText = "";
const isoOf = (at: Date): string => {
  if (at !== lastAt) {
    lastAt = at;
    lastAtText = at.toISOString();
  }
  return lastAtText;
};

/** The category columns in staging-table order (see the CREATE below). */
const decisionFields = (d: DecisionColumns): (string | null)[] => [
  d.categoryId,
  d.categorySource,
  d.categoryConfidence === null ? null : String(d.categoryConfidence),
  d.categoryModel,
  d.categoryModelVersion,
  d.categoryAlternatives === null ? null : JSON.stringify(d.categoryAlternatives),
  d.suggestedCategoryId,
  d.categorizedAt === null ? null : isoOf(d.categorizedAt),
];

/** A PostgreSQL array literal of text: every element quoted, its quotes and backslashes escaped. */
const textArray = (items: readonly string[]): string =>
  `{${items.map((x) => `"${x.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;

const chunkText = (rows: readonly ImportRow[]): string => {
  let chunk = "";
  for (const r of rows) {
    const d = r.decision;
    chunk += copyLine([
      r.date,
      r.amountMinor.toString(),
      r.description,
      r.merchant,
      r.notes,
      r.externalId,
      ...(d === undefined ? NO_DECISION : decisionFields(d)),
      r.tags && r.tags.length > 0 ? textArray(r.tags) : null,
    ]);
  }
  return chunk;
};

/**
 * Batches decided ahead of the one the COPY is taking in. Two keeps the model busy back to
 * back (its next call is queued while this batch's rows are written) and lets the CPU work
 * of one batch overlap the model's wait for another; more would only hold more decided
 * rows in memory, since the model answers one call at a time anyway.
 */
const DECIDE_AHEAD = 2;

/** Set once the COPY has ended, failed or not: batches not yet started are then not decided. */
type CopyEnded = { ended: boolean };

/** Told the rows handed to the COPY so far, after each chunk. */
export type RowsWritten = (rows: number) => void;

async function* decidedChunks(
  rows: readonly ImportRow[],
  categorize: ImportCategorizer,
  copy: CopyEnded,
): AsyncGenerator<readonly ImportRow[]> {
  const size = CATEGORIZE_BATCH_MAX;
  const ahead: Promise<readonly ImportRow[]>[] = [];
  let next = 0;
  const decideNext = () => {
    const batch = rows.slice(next, next + size);
    next += size;
    // Deferred a tick so a COPY that failed meanwhile asks nothing more (of the model, too).
    const decided = Promise.resolve().then(() => (copy.ended ? batch : categorize(batch)));
    // Awaited in order below; until then a failure must not count as unhandled.
    decided.catch(() => undefined);
    ahead.push(decided);
  };
  while (ahead.length < DECIDE_AHEAD && next < rows.length) decideNext();
  while (ahead.length > 0) {
    const decided = await ahead.shift()!;
    if (next < rows.length && !copy.ended) decideNext();
    yield decided;
  }
}

function* plainChunks(rows: readonly ImportRow[]): Generator<readonly ImportRow[]> {
  for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) yield rows.slice(start, start + ROWS_PER_CHUNK);
}

async function* copyChunks(
  rows: readonly ImportRow[],
  categorize: ImportCategorizer | null,
  copy: CopyEnded,
  written: RowsWritten | undefined,
): AsyncGenerator<string> {
  // The pipeline's batch size bounds a chunk when categorizing (one model call per chunk).
  const chunks = categorize ? decidedChunks(rows, categorize, copy) : plainChunks(rows);
  let done = 0;
  for await (const chunk of chunks) {
    yield chunkText(chunk);
    done += chunk.length;
    written?.(done);
  }
}

/**
 * The fast path (used by the API): COPY the rows into a temporary staging table, then one
 * `INSERT ... SELECT ... ON CONFLICT DO NOTHING` into `transactions`. Rows whose external id
 * the account already has, or that repeat one earlier in `rows`, are skipped and counted as
 * duplicates. Runs on the caller's transaction so the import record commits with its rows.
 */
export const copyInsertTransactions = async (
  tx: TxSql,
  target: ImportTarget,
  rows: readonly ImportRow[],
  /** The categorization pipeline, run batch by batch as the COPY streams (null: none). */
  categorize: ImportCategorizer | null = null,
  /** Told after each chunk the COPY has taken (progress of a queued import). */
  written?: RowsWritten,
): Promise<InsertCounts> => {
  if (rows.length === 0) return { inserted: 0, duplicates: 0 };
  await tx`
    create temp table import_staging (
      date date not null, amount_minor bigint not null,
      description text not null, merchant text, notes text, external_id text not null,
      category_id uuid, category_source text, category_confidence real, category_model text,
      category_model_version text, category_alternatives jsonb, suggested_category_id uuid,
      categorized_at timestamptz, tags text[]
    ) on commit drop`;
  const writable = await tx`
    copy import_staging (date, amount_minor, description, merchant, notes, external_id,
      category_id, category_source, category_confidence, category_model, category_model_version,
      category_alternatives, suggested_category_id, categorized_at, tags) from stdin`.writable();
  const copy: CopyEnded = { ended: false };
  try {
    await pipeline(Readable.from(copyChunks(rows, categorize, copy, written)), writable);
  } finally {
    copy.ended = true;
  }
  const [result] = await tx<{ inserted: number }[]>`
    with ins as (
      insert into transactions
        (user_id, account_id, import_id, currency, date, amount_minor, description, merchant, notes, external_id,
         category_id, category_source, category_confidence, category_model, category_model_version,
         category_alternatives, suggested_category_id, categorized_at, tags)
      select ${target.userId}::uuid, ${target.accountId}::uuid, ${target.importId}::uuid, ${target.currency},
             date, amount_minor, description, merchant, notes, external_id,
             category_id, category_source, category_confidence, category_model, category_model_version,
             category_alternatives, suggested_category_id, categorized_at, coalesce(tags, '{}')
      -- No ORDER BY: a fresh temp table scans in COPY order, so the first of two rows with one
      -- external id wins, and sorting 100,000 rows would cost more than it buys.
      from import_staging
      on conflict (account_id, external_id) do nothing
      returning 1
    )
    select count(*)::int as inserted from ins`;
  // Dropped now rather than at commit so one transaction can stage more than one batch.
  await tx`drop table import_staging`;
  const inserted = result!.inserted;
  return { inserted, duplicates: rows.length - inserted };
};
