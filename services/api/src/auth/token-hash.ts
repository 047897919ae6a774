import { createHash, randomBytes } from "node:crypto";

/** Opaque tokens (refresh, personal access) are 32 random bytes; only their sha256 is stored. */
export const newOpaqueToken = (prefix: string): string => `${prefix}${randomBytes(32).toString("base64url")}`;

export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** Personal access tokens start with this, so they are recognizable (and scannable in leaks). */
export const PAT_PREFIX = "fcp_";
