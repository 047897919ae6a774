import { z } from "zod";
import { orderFromFormat } from "./dates/date-order.ts";

const Column = z.union([z.string().trim().min(1), z.number().int().min(0)]);

/**
 * How to read a CSV file. Every field is optional: absent ones are sniffed from the header
 * row and the data. Columns are header names (matched exactly, then ignoring case, accents and
 * punctuation) or 0-based indexes. Unknown keys are rejected, so a typo is an error, not ignored.
 */
export const CsvMapping = z
  .object({
    date: Column.optional(),
    /** Signed amount column, or use `debit`/`credit`. */
    amount: Column.optional(),
    /** Money out (made negative whatever its sign in the file). */
    debit: Column.optional(),
    /** Money in. */
    credit: Column.optional(),
    description: Column.optional(),
    merchant: Column.optional(),
    notes: Column.optional(),
    /** Bank reference, used as the external id when present. */
    reference: Column.optional(),
    currency: Column.optional(),
    /** Column whose value says debit or credit ("debit", "DR", "S", …) for an unsigned `amount`. */
    direction: Column.optional(),
    /** Flip every amount's sign (card exports that list purchases as positive numbers). */
    invertSign: z.boolean().optional(),
    /** "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD", "DD.MM.YYYY", "DD-MMM-YY"…; sniffed when absent. */
    dateFormat: z
      .string()
      .trim()
      .regex(/^[DMYdmy./\-' ,]+$/, 'use D, M and Y with separators, e.g. "DD/MM/YYYY"')
      .refine((f) => orderFromFormat(f) !== undefined, "must be day-month-year, month-day-year or year-month-day")
      .optional(),
    /**
     * The file's decimal separator. The file's own amounts decide it when one can ("12,50",
     * "1,234.56"; a contradiction with this field is an error); this field settles files whose
     * amounts never do ("1.234" only), which otherwise fail asking for it. See docs/amounts.md.
     */
    decimalSeparator: z.enum([".", ","]).optional(),
    /** Sniffed when absent among , ; tab and |. */
    delimiter: z.string().length(1).optional(),
    /** When absent, the header is searched for among the first 20 rows after `skipRows`. */
    hasHeader: z.boolean().optional(),
    /** CSV records to skip before the header (or before the data, without a header). */
    skipRows: z.number().int().min(0).optional(),
  })
  .strict();
export type CsvMapping = z.infer<typeof CsvMapping>;
