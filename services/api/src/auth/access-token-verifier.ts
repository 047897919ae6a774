import { type AccessClaims, verifyAccessClaims } from "@fincoach/domain";

export type AccessTokenVerifier = {
  /** The token's person, verifying it if it isn't remembered; rejects an invalid or expired token. */
  verify: (token: string) => Promise<string>;
  /** The token's person if it was verified before and hasn't expired; never verifies. */
  known: (token: string) => string | undefined;
};

export type AccessTokenVerifierOptions = {
  /** Most tokens remembered at once; the oldest is forgotten first. @default 10_000 */
  maxEntries?: number;
  /** Clock in ms, injected by tests. @default Date.now */
  now?: () => number;
};

/**
 * Verifies access tokens and remembers the ones that passed until they expire. A client
 * sends the same token with every request; the HMAC check (an async WebCrypto job) was
 * about a tenth of the list endpoint's CPU under load, and a Map lookup replaces it. Safe
 * because the key is the exact token string (any change misses) and expiry is re-checked
 * on every hit.
 */
export const createAccessTokenVerifier = (
  secret: string,
  { maxEntries = 10_000, now = Date.now }: AccessTokenVerifierOptions = {},
): AccessTokenVerifier => {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError("maxEntries must be a positive integer");
  const verified = new Map<string, AccessClaims>();
  const known = (token: string): string | undefined => {
    const hit = verified.get(token);
    return hit && hit.expiresAtMs > now() ? hit.userId : undefined;
  };
  return {
    known,
    verify: async (token) => {
      const userId = known(token);
      if (userId) return userId;
      verified.delete(token);
      const claims = await verifyAccessClaims(secret, token, now());
      if (verified.size >= maxEntries) verified.delete(verified.keys().next().value as string);
      verified.set(token, claims);
      return claims.userId;
    },
  };
};
