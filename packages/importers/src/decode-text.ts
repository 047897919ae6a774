const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const WINDOWS_1252 = new TextDecoder("windows-1252");
// Only the head is inspected for a declared charset: it lives in the first lines of OFX and XML.
const HEAD_BYTES = 1024;
const DECLARED = /(?:encoding\s*=\s*["']([\w.:-]+)["']|^CHARSET:\s*([\w.-]+))/im;
const OFX_UTF8 = /^ENCODING:\s*UTF-?8/im;

/**
 * Decodes a statement file to text. Strings pass through (minus a BOM). Bytes are read by BOM,
 * then by a charset the file declares (XML `encoding=`, OFX `CHARSET:`), then as UTF-8 when
 * they are valid UTF-8, else as Windows-1252 — what Latin-1 bank exports (MT940, OFX v1) use.
 */
export const decodeText = (content: string | Uint8Array): string => {
  if (typeof content === "string") return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const bom = bomEncoding(content);
  if (bom) return new TextDecoder(bom).decode(content);
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

/** A decoder for a declared single-byte charset; UTF-8 declarations fall through to validation. */
const declaredDecoder = (b: Uint8Array): { decode: (input: Uint8Array) => string } | undefined => {
  const head = WINDOWS_1252.decode(b.subarray(0, HEAD_BYTES));
  if (OFX_UTF8.test(head)) return undefined; // OFX: ENCODING:UTF-8 overrides CHARSET
  const m = DECLARED.exec(head);
  const label = (m?.[1] ?? m?.[2])?.toLowerCase();
  if (!label || label === "none" || label.startsWith("utf")) return undefined;
  // OFX v1 writes the Windows code page number alone ("CHARSET:1252").
  const normalised = /^\d+$/.test(label) ? `windows-${label}` : label;
  try {
    return new TextDecoder(normalised);
  } catch {
    return undefined;
  }
};
