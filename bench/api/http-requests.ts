import type { RequestSpec } from "autocannon";
import type { BenchUser } from "./bench-users.ts";
import type { CsvRow, ListFilters, Op, TrafficMix } from "./traffic-mix.ts";

/** A request as autocannon sends it. */
export type HttpRequest = {
  method: "GET" | "POST" | "PATCH";
  path: string;
  headers: Record<string, string>;
  body?: string;
};

const BOUNDARY = "----fincoach-bench-7d1c2a";

/** A `multipart/form-data` body with text fields and one file, as a browser's FormData sends it. */
export const multipartBody = (fields: Record<string, string>, file: { name: string; content: string }): string => {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\n` +
      `content-type: text/csv\r\n\r\n${file.content}\r\n`,
  );
  return `${parts.join("")}--${BOUNDARY}--\r\n`;
};
export const MULTIPART_CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** A small bank CSV statement, in the layout the importer's header sniffing recognises. */
export const csvStatement = (rows: readonly CsvRow[]): string =>
  `Date,Description,Amount\n${rows.map((r) => `${r.date},${r.description},${r.amount}`).join("\n")}\n`;

/** `GET /v1/transactions` with the op's filters and cursor, 50 per page (the default a client asks for). */
export const listPath = (filters: ListFilters, cursor?: string): string => {
  const q = new URLSearchParams({ limit: "50" });
  for (const [k, v] of Object.entries(filters)) if (v !== undefined) q.set(k, v);
  if (cursor) q.set("cursor", cursor);
  return `/v1/transactions?${q}`;
};

/** The HTTP request the API receives for `op`. */
export const toHttpRequest = (op: Op, user: BenchUser): HttpRequest => {
  const auth = { authorization: `Bearer ${user.token}` };
  const json = { ...auth, "content-type": "application/json" };
  switch (op.kind) {
    case "list":
      return { method: "GET", path: listPath(op.filters, op.cursor), headers: auth };
    case "create":
      return { method: "POST", path: "/v1/transactions", headers: json, body: JSON.stringify(op.body) };
    case "patch":
      return {
        method: "PATCH",
        path: `/v1/transactions/${op.transactionId}`,
        headers: json,
        body: JSON.stringify(op.patch),
      };
    case "import":
      return {
        method: "POST",
        path: "/v1/imports",
        headers: { ...auth, "content-type": MULTIPART_CONTENT_TYPE },
        body: multipartBody({ accountId: op.account.id }, { name: op.filename, content: csvStatement(op.rows) }),
      };
  }
};

const FIRST_ID = /"id":"([0-9a-f-]{36})"/;
const NEXT_CURSOR = /"nextCursor":"([A-Za-z0-9_-]+)"\}$/;

/**
 * What an answer tells the mix: a list page's next cursor and its first item's id, a created
 * transaction's id. Read with two regular expressions, not JSON.parse: the load generator
 * shares the server's two cores, and parsing every 20 KB page would cost it more than sending.
 */
export const seenIn = (op: Op, status: number, body: string) => {
  if (status >= 300 || (op.kind !== "list" && op.kind !== "create")) return undefined;
  const id = FIRST_ID.exec(body)?.[1];
  const nextCursor = op.kind === "list" ? (NEXT_CURSOR.exec(body)?.[1] ?? null) : null;
  const filters = op.kind === "list" ? op.filters : {};
  return { user: op.user, filters, nextCursor, transactionIds: id ? [id] : [] };
};

/**
 * One autocannon request spec drawing every request from `mix`: each connection asks the mix
 * for its next op when it is free to send, and reports the answer back to it, so follow-up
 * pages use cursors real responses carried. Counts ops and statuses per kind in `tally`.
 */
export const mixRequests = (
  mix: TrafficMix,
  users: readonly BenchUser[],
  tally: Map<string, number> = new Map(),
): RequestSpec[] => [
  {
    method: "GET",
    path: "/",
    setupRequest: (req, context) => {
      const op = mix.next();
      (context as { op?: Op }).op = op;
      return { ...req, ...toHttpRequest(op, users[op.user]!) };
    },
    onResponse: (status, body, context) => {
      const op = (context as { op?: Op }).op;
      if (!op) return;
      const key = `${op.kind} ${status}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      const seen = seenIn(op, status, body);
      if (seen) mix.saw(seen);
    },
  },
];
