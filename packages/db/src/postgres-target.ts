/** Where a connection URL points, for messages: `host:port` (each of several), never the password. */
export type PostgresTarget = { where: string; user: string };

const DEFAULT_PORT = "5432";

/**
 * Read from the URL's text, not `new URL`: postgres.js accepts multi-host URLs
 * (`h1:5432,h2:5433`) that WHATWG URL parsing rejects.
 */
export const postgresTarget = (url: string): PostgresTarget => {
  const authority = url.replace(/^[a-z]+:\/\//i, "").split(/[/?#]/)[0] ?? "";
  const at = authority.lastIndexOf("@");
  const user = at >= 0 ? decodeURIComponent(authority.slice(0, at).split(":")[0] ?? "") : "";
  // `?host=/run/postgresql` (a Unix socket folder) overrides the authority, as in libpq.
  const hosts =
    new URLSearchParams(url.split("?")[1] ?? "").get("host") ||
    (at >= 0 ? authority.slice(at + 1) : authority) ||
    "localhost";
  const where = hosts
    .split(",")
    .map((h) => (/:\d+$/.test(h) || h.startsWith("/") ? h : `${h}:${DEFAULT_PORT}`))
    .join(",");
  return { where, user };
};
