import { normalizeMerchant } from "./normalize-merchant.ts";

/**
 * The key a person's corrections are remembered under: the normalized merchant, or, when
 * the merchant field is empty or normalizes to nothing, the normalized description (and
 * the description folded when that is empty too, so every row has a key).
 */
export const merchantKeyOf = (description: string, merchant: string | null | undefined): string => {
  const fromMerchant = merchant ? normalizeMerchant(merchant) : "";
  if (fromMerchant) return fromMerchant;
  return normalizeMerchant(description) || description.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
};

/** merchantKeyOf with one entry per distinct (description, merchant): imports repeat descriptors a lot. */
export const merchantKeyCache = (): ((description: string, merchant: string | null | undefined) => string) => {
  const seen = new Map<string, string>();
  return (description, merchant) => {
    const cacheKey = merchant ? `${description}\u0000${merchant}` : description;
    let key = seen.get(cacheKey);
    if (key === undefined) {
      key = merchantKeyOf(description, merchant);
      // Bounded: a pathological file of all-distinct descriptors must not grow it forever.
      if (seen.size < 100_000) seen.set(cacheKey, key);
    }
    return key;
  };
};
