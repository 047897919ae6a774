import { z } from "zod";

/** The longest text each field holds, in characters; imports cut bank text to the same. */
export const FIELD_LIMITS = { description: 500, merchant: 200, notes: 2000 } as const;

/** Field schemas shared by create and patch, so both accept exactly the same values. */
export const Description = z.string().trim().min(1).max(FIELD_LIMITS.description);
export const Merchant = z.string().trim().min(1).max(FIELD_LIMITS.merchant).nullable();
export const Notes = z.string().max(FIELD_LIMITS.notes).nullable();
/** Free-form labels; duplicates are dropped, order is kept. */
export const Tags = z
  .array(z.string().trim().min(1).max(50))
  .max(50)
  .transform((tags) => [...new Set(tags)]);
