/**
 * Whether a `Prefer` header (RFC 7240) asks for `respond-async`: any of its comma-separated
 * preferences, its name before a `=` or `;`, compared case-insensitively.
 */
export const prefersAsync = (prefer: string | undefined): boolean =>
  (prefer ?? "").split(",").some((p) => p.split(/[=;]/)[0]!.trim().toLowerCase() === "respond-async");
