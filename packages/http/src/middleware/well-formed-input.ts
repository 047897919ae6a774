import { AppError, type FieldIssue } from "@fincoach/errors";
import type { Context, MiddlewareHandler } from "hono";
import { illFormedText, mayHoldIllFormedText, NUL_MESSAGE } from "../ill-formed-text.ts";

/** The media types Hono's validator parses as JSON (hono/validator's own test). */
const isJson = (contentType: string | undefined) =>
  contentType !== undefined && /^application\/([\w.-]+\+)?json$/i.test(contentType.split(";")[0]?.trim() ?? "");

const refuse = (issues: FieldIssue[]): never => {
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  throw new AppError("VALIDATION", `invalid request: ${summary}`, { issues });
};

/** A NUL (`%00`) or a byte of a multi-byte UTF-8 sequence: the only escapes worth a closer look. */
const SUSPECT_ESCAPE = /%(?:00|[89a-f][0-9a-f])/i;

/**
 * A query component decoded as a form value, or undefined when its escapes aren't UTF-8
 * (`%ED%A0%80`, a lone surrogate's bytes). A `%` that begins no escape stays literal, as
 * Hono reads it.
 */
const decodeComponent = (raw: string): string | undefined => {
  try {
    return decodeURIComponent(raw.replaceAll("+", " ").replace(/%(?![0-9a-f]{2})/gi, "%25"));
  } catch {
    return undefined;
  }
};

/**
 * `?q=%00` decodes to a NUL, which PostgreSQL refuses in text; escapes that aren't UTF-8
 * would reach a handler as their raw `%ED...` text. Named like zod's query issues.
 */
const queryIssues = (url: string): FieldIssue[] => {
  const query = url.slice(url.indexOf("?") + 1);
  if (!url.includes("?") || !SUSPECT_ESCAPE.test(query)) return [];
  const issues: FieldIssue[] = [];
  for (const pair of query.split("&")) {
    const at = pair.indexOf("=");
    const [rawKey, rawValue] = at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
    const key = decodeComponent(rawKey);
    const value = decodeComponent(rawValue);
    const path = `query.${key === undefined ? rawKey : key.replaceAll("\0", "\\u0000")}`;
    if (key === undefined || value === undefined) issues.push({ path, message: "is not valid UTF-8" });
    else if (key.includes("\0") || value.includes("\0")) issues.push({ path, message: NUL_MESSAGE });
  }
  return issues;
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A JSON body's text, decoded strictly: `Request.json()` would turn invalid UTF-8 into
 * U+FFFD without a word. The text is left in Hono's body cache, so the validator parses
 * exactly what was checked.
 */
const readJsonText = async (c: Context): Promise<string> => {
  const bytes = await c.req.raw.arrayBuffer();
  // Put back for whatever reads the raw body later (another route's own body limit).
  c.req.raw = new Request(c.req.raw, { body: bytes });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return refuse([{ path: "(body)", message: "is not valid UTF-8" }]);
  }
  // Hono's cache holds each body form's promise (its type names the methods instead).
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
  return text;
};

const bodyIssues = async (c: Context): Promise<FieldIssue[]> => {
  if (c.req.method === "GET" || c.req.method === "HEAD" || !isJson(c.req.header("content-type"))) return [];
  const text = await readJsonText(c);
  if (!mayHoldIllFormedText(text)) return [];
  try {
    return illFormedText(JSON.parse(text));
  } catch {
    return []; // malformed JSON: the validator answers it as before
  }
};

/**
 * Refuses, on every route, text that can't be stored: a NUL in a query parameter or in any
 * JSON string or key, a lone surrogate, or a JSON body that isn't valid UTF-8, with a 400
 * naming each field. PostgreSQL rejects NUL in `text` (it answered 500), and a silently
 * replaced character would change what the person wrote. Runs after the body limit, so
 * what it reads is bounded.
 */
export const wellFormedInput = (): MiddlewareHandler => async (c, next) => {
  const issues = [...queryIssues(c.req.url), ...(await bodyIssues(c))];
  if (issues.length > 0) refuse(issues);
  await next();
};
