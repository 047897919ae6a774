import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_MODEL_LABELS, merchantKeyOf } from "@fincoach/domain";
import { mulberry32 } from "@fincoach/testing";

const REPO = join(import.meta.dirname, "../..");
/** The shipped labelled data the default model is trained on. */
export const BIRMINGHAM_CSV = join(REPO, "testdata/transactions/birmingham-pcard-2016-12-to-2017-06.csv");
const HEADER = "date,description,amount,currency,category_code,category";

/** One labelled row of the Birmingham file (a purchase is positive there). */
export type LabelledRow = {
  date: string;
  description: string;
  amount: number;
  currency: string;
  code: string;
  /** The publisher's class, e.g. "Vehicle Fuel". */
  category: string;
};

/**
 * The rows whose class the shipped label map sends to a default-taxonomy category
 * (DEFAULT_MODEL_LABELS), so every pick of a model trained on them names a category a new
 * person has: a person can then judge each pick against the row's true class. The file
 * has no quoting (six plain fields a line), so a split is its parser.
 */
export const mappedBirminghamRows = async (): Promise<LabelledRow[]> => {
  const [header, ...lines] = (await readFile(BIRMINGHAM_CSV, "utf8")).trim().split("\n");
  if (header !== HEADER) throw new Error(`unexpected header in ${BIRMINGHAM_CSV}: ${header}`);
  return lines.flatMap((line) => {
    const [date = "", description = "", amount = "", currency = "", code = "", category = ""] = line.split(",");
    if (!DEFAULT_MODEL_LABELS[category] || Number(amount) === 0) return [];
    return [{ date, description, amount: Number(amount), currency, code, category }];
  });
};

/** A deterministic shuffle (mulberry32), so a failing run can be replayed with the same data. */
export const seededShuffle = <T>(items: readonly T[], seed: number): T[] => {
  const next = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

/**
 * Writes `rows` as a training CSV (the train command's format). `shuffleLabelsSeed` deals
 * the same classes out to the rows at random: a model that learns nothing about which
 * merchant is which, with the same label set and class frequencies as the honest one.
 */
export const writeTrainingCsv = async (
  path: string,
  rows: readonly LabelledRow[],
  o: { shuffleLabelsSeed?: number } = {},
): Promise<void> => {
  const labels =
    o.shuffleLabelsSeed === undefined
      ? rows.map((r) => r.category)
      : seededShuffle(
          rows.map((r) => r.category),
          o.shuffleLabelsSeed,
        );
  const body = rows.map((r, i) => [r.date, r.description, r.amount, r.currency, r.code, labels[i]].join(","));
  await writeFile(path, `${[HEADER, ...body].join("\n")}\n`);
};

/**
 * One row per normalized merchant: a person's correction is remembered per merchant, and
 * a remembered merchant is decided by memory rather than the model, so a person who only
 * ever enters new merchants keeps asking the model.
 */
export const onePerMerchant = (rows: readonly LabelledRow[]): LabelledRow[] => {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = merchantKeyOf(r.description, null);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};
