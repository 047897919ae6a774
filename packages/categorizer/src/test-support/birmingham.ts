import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LabelledInput } from "../train-model.ts";
import { parseTransactionsCsv, type TransactionRow } from "../transactions-csv.ts";

/** The real, human-labelled card transactions (testdata/transactions/SOURCE.md). */
export const BIRMINGHAM_CSV = join(
  import.meta.dirname,
  "../../../../testdata/transactions/birmingham-pcard-2016-12-to-2017-06.csv",
);

/** Its rows that have a category (25 of 25,850 have none). */
export const birminghamRows = (): (TransactionRow & LabelledInput)[] =>
  parseTransactionsCsv(readFileSync(BIRMINGHAM_CSV, "utf8"), BIRMINGHAM_CSV, true).filter(
    (r): r is TransactionRow & LabelledInput => r.category !== undefined,
  );
