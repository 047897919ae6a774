import { fail } from "../issues.ts";
import { decodeEntities } from "./decode-entities.ts";

/** Receives the tokens of an XML or SGML document in order. */
export type MarkupHandler = {
  open: (name: string, attrs: Record<string, string> | undefined, selfClosing: boolean, line: number) => void;
  close: (name: string, line: number) => void;
  /** Character data with entities decoded (CDATA verbatim). */
  text: (text: string, line: number) => void;
};

const ATTR = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const NAME_END = /[\s/]|$/;
const BANG = 33;
const QUESTION = 63;
const SLASH = 47;

/** Counts lines lazily; positions must be asked for in increasing order. Each newline is found once. */
const lineCounter = (src: string) => {
  let line = 1;
  let next = src.indexOf("\n");
  return (to: number): number => {
    while (next !== -1 && next < to) {
      line++;
      next = src.indexOf("\n", next + 1);
    }
    return line;
  };
};

/**
 * Tokenises markup from `start` without building anything: comments, processing instructions
 * and doctypes are skipped, CDATA becomes text, a "<" that starts no tag is text. Used by both the
 * strict XML builder (CAMT) and the lenient SGML builder (OFX v1, whose tags need not close).
 */
export const scanMarkup = (src: string, start: number, handler: MarkupHandler): void => {
  const lineAt = lineCounter(src);
  let i = start;
  while (i < src.length) {
    const lt = src.indexOf("<", i);
    const end = lt === -1 ? src.length : lt;
    if (end > i) handler.text(decodeEntities(src.slice(i, end)), lineAt(i));
    if (lt === -1) return;
    i = scanTag(src, lt, handler, lineAt(lt));
  }
};

/** Handles the construct starting at `lt`; returns the index just after it. */
const scanTag = (src: string, lt: number, handler: MarkupHandler, line: number): number => {
  const next = src.charCodeAt(lt + 1);
  if (next === BANG) return scanDeclaration(src, lt, handler, line);
  if (next === QUESTION) return skipPast(src, lt, "?>", line);
  if (next === SLASH) {
    const gt = skipPast(src, lt, ">", line);
    handler.close(src.slice(lt + 2, gt - 1).trim(), line);
    return gt;
  }
  if (!isNameStart(next)) {
    handler.text("<", line);
    return lt + 1;
  }
  const gt = tagEnd(src, lt, line);
  const body = src.slice(lt + 1, gt);
  const selfClosing = body.endsWith("/");
  const nameEnd = body.search(NAME_END);
  handler.open(body.slice(0, nameEnd), body.includes("=") ? parseAttrs(body) : undefined, selfClosing, line);
  return gt + 1;
};

/** `<!-- … -->`, `<![CDATA[ … ]]>` (text) or `<!DOCTYPE …>`. */
const scanDeclaration = (src: string, lt: number, handler: MarkupHandler, line: number): number => {
  if (src.startsWith("<!--", lt)) return skipPast(src, lt, "-->", line);
  if (!src.startsWith("<![CDATA[", lt)) return skipPast(src, lt, ">", line);
  const end = skipPast(src, lt, "]]>", line);
  handler.text(src.slice(lt + 9, end - 3), line);
  return end;
};

const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

const skipPast = (src: string, from: number, terminator: string, line: number): number => {
  const at = src.indexOf(terminator, from);
  if (at === -1) fail(`line ${line}`, `markup starting here is never closed with "${terminator}"`);
  return at + terminator.length;
};

/** Index of the ">" ending a start tag, skipping quoted attribute values. */
const tagEnd = (src: string, lt: number, line: number): number => {
  let quote = "";
  for (let i = lt + 1; i < src.length; i++) {
    const c = src.charAt(i);
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i;
    else if (c === "<") break;
  }
  return fail(`line ${line}`, `tag "${src.slice(lt, lt + 30).split(/\s/)[0]}" has no closing ">"`);
};

const parseAttrs = (body: string): Record<string, string> => {
  const attrs: Record<string, string> = {};
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(body); m; m = ATTR.exec(body)) {
    attrs[m[1] as string] = decodeEntities(m[2] ?? m[3] ?? "");
  }
  return attrs;
};
