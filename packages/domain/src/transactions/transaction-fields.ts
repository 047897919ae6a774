import { z } from "zod";

/** Field schemas shared by create and patch, so both accept exactly the same values. */
export const Description = z.string().trim().min(1).max(500);
export const Merchant = z.string().trim().min(1).max(200).nullable();
export const Notes = z.string().max(2000).nullable();
/** Free-form labels; duplicates are dropped, order is kept. */
export const Tags = z
  .array(z.string().trim().min(1).max(50))
  .max(50)
  .transform((tags) => [...new Set(tags)]);
