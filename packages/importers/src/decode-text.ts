const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const WINDOWS_1252 = new TextDecoder("windows-1252");
// A declaration lives in the first lines: the XML prolog, or the OFX v1 header block.
const HEAD_BYTES = 1024;
// Only at the very start of the file (leading whitespace tolerated): anywhere else it is data.
const XML_PROLOG = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([\w.:-]+)["']/;
// OFX v1: "OFXHEADER:100" opens a block of KEY:VALUE lines that ends at the first blank line or "<".
const OFX_HEADER = /^\s*OFXHEADER:/;
const HEADER_LINE = /^\s*([A-Z]+):(.*)$/i;

/**
 * Decodes a statement file to text. Strings pass through (minus a BOM). Bytes are read by, in
 * order: a BOM; a real declaration — the XML prolog's `encoding=` at the very start, or the OFX
 * v1 header's `CHARSET:`/`ENCODING:` lines; UTF-8 when the bytes are valid UTF-8; else
 * Windows-1252 (what Latin-1 bank exports use). Text that merely mentions an encoding (a memo
 * in a CSV) declares nothing.
 */
export const decodeText = (content: string | Uint8Array): string => {
  if (typeof content === "string") return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const unmarked = bomEncoding(content) ?? utf16Prolog(content);
  if (unmarked) return new TextDecoder(unmarked).decode(content);
  const declared = declaredDecoder(content);
  if (declared) return declared.decode(content);
  try {
    return UTF8.decode(content);
  } catch {
    return WINDOWS_1252.decode(content);
  }
};

const bomEncoding = (b: Uint8Array): string | undefined => {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return "utf-8";
  if (b[0] === 0xff && b[1] === 0xfe) return "utf-16le";
  if (b[0] === 0xfe && b[1] === 0xff) return "utf-16be";
  return undefined;
};

/** `<?` in UTF-16 without a BOM (XML 1.0 appendix F): the prolog itself tells the byte order. */
const utf16Prolog = (b: Uint8Array): string | undefined => {
  if (b[0] === 0x3c && b[1] === 0 && b[2] === 0x3f && b[3] === 0) return "utf-16le";
  if (b[0] === 0 && b[1] === 0x3c && b[2] === 0 && b[3] === 0x3f) return "utf-16be";
  return undefined;
};

/** A decoder for a declared charset other than UTF-8; UTF-8 declarations fall through to validation. */
const declaredDecoder = (b: Uint8Array): { decode: (input: Uint8Array) => string } | undefined => {
  const head = WINDOWS_1252.decode(b.subarray(0, HEAD_BYTES));
  const label = (XML_PROLOG.exec(head)?.[1] ?? ofxHeaderCharset(head))?.toLowerCase();
  if (!label || label === "none" || label.startsWith("utf")) return undefined;
  // OFX v1 writes the Windows code page number alone ("CHARSET:1252").
  const normalised = /^\d+$/.test(label) ? `windows-${label}` : label;
  try {
    return new TextDecoder(normalised);
  } catch {
    return undefined;
  }
};

/** The OFX v1 header's charset: `ENCODING:UTF-8` wins over `CHARSET`, which it makes meaningless. */
const ofxHeaderCharset = (head: string): string | undefined => {
  if (!OFX_HEADER.test(head)) return undefined;
  const header = new Map<string, string>();
  for (const line of head.trimStart().split(/\r\n|\r|\n/)) {
    const m = HEADER_LINE.exec(line);
    if (!m) break; // a blank line or "<OFX>": the header block is over
    header.set((m[1] as string).toUpperCase(), (m[2] as string).trim());
  }
  if (/^UTF-?8$/i.test(header.get("ENCODING") ?? "")) return "utf-8";
  return header.get("CHARSET");
};
