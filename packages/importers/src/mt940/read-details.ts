import { cleanText } from "../clean-text.ts";

/** Text pulled out of a `:86:` field. */
export type Details = { description?: string; merchant?: string; notes?: string };

const STRUCTURED = /^\d{3}[?>]/;
const SUBFIELD = { "?": /\?(\d{2})/g, ">": />(\d{2})/g } as const;
const SLASH_KEYS =
  /\/(TRTP|IBAN|BIC|NAME|REMI|EREF|ORDP|BENM|ID|ADDR|MARF|CSID|ULTC|ULTD|PURP|ISDT|RTRN|CDTRREF|CDTRREFTP|CD|SCOR|ISSR|CHGS|EXCH)\//g;
const SEPA_TAG = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT)\+/g;

/**
 * Reads `:86:` in its three common shapes: German structured subfields (`166?00GUTSCHRIFT?20…
 * ?32NAME`, or `>20` at Triodos), Dutch slash keys (`/NAME/…/REMI/…`), or free text.
 */
export const readDetails = (raw: string): Details => {
  const text = raw.trim();
  if (STRUCTURED.test(text)) return germanSubfields(text);
  if (text.startsWith("/") && /\/(NAME|REMI|EREF|TRTP)\//.test(text.replace(/\n/g, ""))) return slashKeys(text);
  const description = cleanText(text);
  return description ? { description } : {};
};

// Subfields are fixed-width and wrap mid-word, so lines are joined without a space.
const germanSubfields = (text: string): Details => {
  const body = text.replace(/\n/g, "");
  const re = SUBFIELD[body[3] as "?" | ">"];
  const parts = body.slice(3).split(re);
  const field = new Map<string, string>();
  for (let i = 1; i < parts.length; i += 2) {
    const code = parts[i] as string;
    field.set(code, (field.get(code) ?? "") + (parts[i + 1] ?? ""));
  }
  const purposeCodes = [...field.keys()].filter((c) => (c >= "20" && c <= "29") || (c >= "60" && c <= "63"));
  const purpose = purposeCodes.map((c) => field.get(c)).join("");
  const merchant = cleanText((field.get("32") ?? "") + (field.get("33") ?? ""));
  const posting = cleanText(field.get("00"));
  return omitEmpty({ description: sepaPurpose(purpose) ?? posting ?? merchant, merchant, notes: posting });
};

/** The SVWZ+ (purpose) part of SEPA-tagged text, else the text when it carries no tags at all. */
const sepaPurpose = (purpose: string): string | undefined => {
  const tags = [...purpose.matchAll(SEPA_TAG)];
  if (tags.length === 0) return cleanText(purpose);
  const i = tags.findIndex((t) => t[1] === "SVWZ");
  if (i < 0) return undefined;
  const start = (tags[i]?.index ?? 0) + 5;
  return cleanText(purpose.slice(start, tags[i + 1]?.index ?? purpose.length));
};

const slashKeys = (text: string): Details => {
  const body = text.replace(/\n/g, "");
  const values = new Map<string, string>();
  const keys = [...body.matchAll(SLASH_KEYS)];
  keys.forEach((k, i) => {
    const value = body.slice((k.index ?? 0) + k[0].length, keys[i + 1]?.index ?? body.length);
    if (!values.has(k[1] as string)) values.set(k[1] as string, value);
  });
  const merchant = cleanText(values.get("NAME"));
  return omitEmpty({
    description: cleanText(values.get("REMI")) ?? merchant ?? cleanText(values.get("TRTP")),
    merchant,
  });
};

const omitEmpty = (d: Details): Details => {
  const out: Details = {};
  if (d.description) out.description = d.description;
  if (d.merchant) out.merchant = d.merchant;
  if (d.notes) out.notes = d.notes;
  return out;
};
