import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseDecimal } from "@fincoach/money";

/**
 * Birmingham City Council purchase-card transactions (Open Government Licence v3.0; see
 * SOURCE.md beside the file): real merchant descriptors with the amount actually paid.
 */
export const REAL_TRANSACTIONS_CSV = fileURLToPath(
  new URL("../../testdata/transactions/birmingham-pcard-2016-12-to-2017-06.csv", import.meta.url),
);

/** A real descriptor and what was paid, in pence (positive = spent, negative = refund). */
export type RealDescription = { description: string; amountMinor: bigint };

// Council purchases reach £487k; a household's rarely pass £5k.
const MAX_ABS_PENCE = 500_000n;

const cap = (minor: bigint): bigint =>
  minor > MAX_ABS_PENCE ? MAX_ABS_PENCE : minor < -MAX_ABS_PENCE ? -MAX_ABS_PENCE : minor;

/**
 * About `count` real rows sampled evenly across the file (it is grouped by category, so the
 * first rows would all be fuel), amounts capped to household scale. The file has six
 * unquoted columns and no embedded commas (every line has exactly six fields).
 */
export const loadRealDescriptions = async (count: number): Promise<RealDescription[]> => {
  const lines = (await readFile(REAL_TRANSACTIONS_CSV, "utf8")).split("\n").slice(1).filter(Boolean);
  const step = Math.max(1, Math.floor(lines.length / count));
  const rows: RealDescription[] = [];
  for (let i = 0; i < lines.length && rows.length < count; i += step) {
    const [, description, amount, currency] = lines[i]!.split(",");
    if (!description || !amount || !currency) continue;
    const minor = parseDecimal(amount, currency).minor;
    if (minor !== 0n) rows.push({ description, amountMinor: cap(minor) });
  }
  return rows;
};
