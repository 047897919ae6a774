import { invalidField } from "@fincoach/errors";
import { z } from "zod";
import { toDecimal, toMinor } from "../shared/amounts.ts";
import { DecimalAmount, Uuid } from "../shared/schemas.ts";

export const SplitPart = z
  .object({ categoryId: Uuid, amount: DecimalAmount, notes: z.string().max(2000).nullable().optional() })
  .meta({ id: "SplitPart" });
export type SplitPart = z.infer<typeof SplitPart>;

/** A split has 2..50 parts: one part is just a category, more is a list nobody reads. */
export const SplitParts = z.array(SplitPart).min(2).max(50);

/** A validated part in minor units of the transaction's currency. */
export type ResolvedPart = { categoryId: string; amountMinor: bigint; notes: string | null };

const sign = (n: bigint) => (n > 0n ? 1 : n < 0n ? -1 : 0);

/**
 * Checks parts against the transaction: each amount exact to the currency, none of the
 * opposite sign (zero parts are allowed: an even split of 0.01 three ways has two), and
 * together exactly the transaction's amount; the error says by how much they miss.
 */
export const resolveParts = (
  parts: readonly SplitPart[],
  total: { amountMinor: bigint; currency: string },
  field = "splits",
): ResolvedPart[] => {
  const resolved = parts.map((p, i) => {
    const amountMinor = toMinor(`${field}.${i}.amount`, p.amount, total.currency);
    if (sign(amountMinor) !== 0 && sign(amountMinor) !== sign(total.amountMinor)) {
      const amount = toDecimal(total.amountMinor, total.currency);
      throw invalidField(`${field}.${i}.amount`, `must have the same sign as the transaction amount ${amount}`);
    }
    return { categoryId: p.categoryId, amountMinor, notes: p.notes ?? null };
  });
  const sum = resolved.reduce((s, p) => s + p.amountMinor, 0n);
  if (sum !== total.amountMinor) {
    const fmt = (m: bigint) => toDecimal(m, total.currency);
    const diff = total.amountMinor - sum;
    throw invalidField(
      field,
      `parts sum to ${fmt(sum)} but the transaction amount is ${fmt(total.amountMinor)}: difference ${fmt(diff)} ${total.currency}`,
    );
  }
  return resolved;
};
