import { compile } from "html-to-text";

/**
 * Every table cell on its own line: alert and receipt mails lay out "label | value" in tables,
 * and one cell per line lets extractors read "label, then the next line" without knowing the
 * column widths html-to-text would otherwise pad with. Links and images add nothing to read.
 */
const toText = compile({
  wordwrap: false,
  decodeEntities: true,
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "style", format: "skip" },
    { selector: "script", format: "skip" },
    { selector: "head", format: "skip" },
    { selector: "title", format: "skip" },
    { selector: "table", format: "block" },
    { selector: "tbody", format: "block" },
    { selector: "tr", format: "block" },
    { selector: "td", format: "block" },
    { selector: "th", format: "block" },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    { selector: "h4", options: { uppercase: false } },
  ],
});

/** Plain text of an HTML body, one block or table cell per line. */
export const htmlToText = (html: string): string => toText(html);
