/**
 * Where an import's memory goes, per format: run with --expose-gc so each figure is what
 * stays reachable, not garbage waiting for a collection. For a file of about --mib MiB, each
 * measured alone: the parsed statement (every transaction an object, its
 * strings pointing into the decoded text); the rows the import writes (parseForAccount: what
 * the import holds from parsing until COPY). The API's peak (bench:import-memory) has the
 * upload's copies, the parser's transient structures and, while rows are built, both of the
 * last two at once.
 *
 *   sh scripts/node.sh --expose-gc bench/import/memory-breakdown.ts [--mib 19]
 */
import { parseArgs } from "node:util";
import { parseForAccount } from "@fincoach/domain";
import { parseStatement } from "@fincoach/importers";
import { loadRealDescriptions } from "../shared/real-descriptions.ts";
import { fmt } from "../shared/timing.ts";
import { GENERATORS } from "./generate-statements.ts";

const { values: args } = parseArgs({ options: { mib: { type: "string", default: "19" } } });
const gc = globalThis.gc;
if (!gc) {
  console.error("bench/import/memory-breakdown.ts: run with --expose-gc (see the usage line at the top)");
  process.exit(2);
}
const CURRENCY = "GBP";
const MiB = 2 ** 20;
/** Heap plus off-heap memory (buffers, external strings) still reachable after a full collection. */
const live = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external; // external: buffers, and the external strings Node decodes large text into
};

const real = await loadRealDescriptions(30_000);
console.log("format  file MiB      rows  parsed B/row  parsed x file  rows x file");

/** A generated statement of about --mib MiB, as the bytes an upload delivers (the text it came from is garbage). */
const statementOf = (ext: keyof typeof GENERATORS): Buffer => {
  const perRow = Buffer.byteLength(GENERATORS[ext](1_000, real, CURRENCY)) / 1_000;
  return Buffer.from(GENERATORS[ext](Math.floor((Number(args.mib) * MiB) / perRow), real, CURRENCY));
};

/** Measures one format; everything it allocates is unreachable once it returns. */
const measure = (ext: keyof typeof GENERATORS) => {
  const content = statementOf(ext);
  const filename = `statement.${ext}`;
  const parsed = retained(() => parseStatement({ content, filename, currency: CURRENCY }));
  const rows = retained(() => parseForAccount({ currency: CURRENCY, accountNumber: null }, { content, filename }));
  const n = parsed.value.transactions.length;
  const cells = [
    ext.padEnd(6),
    fmt(content.length / MiB, 1).padStart(8),
    fmt(n).padStart(8),
    fmt(parsed.bytes / n).padStart(13),
    fmt(parsed.bytes / content.length, 1).padStart(14),
    fmt(rows.bytes / content.length, 1).padStart(12),
  ];
  return cells.join("  ");
};

/** What `make()`'s result keeps reachable, once everything else it allocated is garbage. */
const retained = <T>(make: () => T): { value: T; bytes: number } => {
  const before = live();
  const value = make();
  return { value, bytes: live() - before };
};

for (const ext of Object.keys(GENERATORS) as (keyof typeof GENERATORS)[]) console.log(measure(ext));
