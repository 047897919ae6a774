import { createHash, randomBytes } from "node:crypto";

/** Opaque tokens (refresh, personal access) are 32 random bytes; only their sha256 is stored. */
export const newOpaqueToken = (prefix: string): string => `${prefix}${randomBytes(32).toString("base64url")}`;

/**
 * sha256, hex. Enough for tokens: they carry 256 random bits, so unlike passwords they
 * need no slow hash to resist guessing, and a fast one allows lookup by hash.
 */
export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** Personal access tokens start with this, so they are recognizable (and scannable in leaks). */
export const PAT_PREFIX = "fcp_";

/** Refresh tokens start with this; they are accepted only by /v1/auth/refresh and /logout. */
export const REFRESH_PREFIX = "fcr_";
