import fc from "fast-check";
import type { ImportFormat } from "../types.ts";

/** A generated statement file and what an honest parser must make of each of its statements. */
export type GeneratedFile = {
  format: ImportFormat;
  content: string;
  /** Per statement (file order, one per account): transactions and skipped records expected. */
  statements: { transactions: number; skipped: number }[];
};

const ACCOUNTS = ["DE89370400440532013000", "NL91ABNA0417164300", "FR1420041010050500013M02606"];

/** Splits blocks into statements by account, in the order accounts first appear. */
const byAccount = <B extends { account: number }>(blocks: B[]): B[][] => {
  const order: number[] = [];
  for (const b of blocks) if (!order.includes(b.account)) order.push(b.account);
  return order.map((a) => blocks.filter((b) => b.account === a));
};

type OfxTrn = { amount: number; day: string; tz: string };
type CamtEntry = { status: string; details: number[]; sums: boolean; debit: boolean; day: string };

const cents = fc.integer({ min: -999_999, max: 999_999 }).filter((n) => n !== 0);
const decimal = (n: number, separator = "."): string =>
  `${n < 0 ? "-" : ""}${Math.floor(Math.abs(n) / 100)}${separator}${String(Math.abs(n) % 100).padStart(2, "0")}`;
const day = fc.integer({ min: 1, max: 28 }).map((d) => String(d).padStart(2, "0"));

// --- OFX: SGML or XML, several BANKTRANLISTs per statement, forgotten end tags, blank lines.
const ofxTrn = fc.record({
  amount: cents,
  day,
  tz: fc.constantFrom("", "120000", "120000.000[-3:GMT]", "[+5.5:IST]", "[0]"),
});
const ofxBlock = fc.record({
  account: fc.nat(2),
  lists: fc.array(fc.array(ofxTrn, { maxLength: 4 }), { minLength: 1, maxLength: 3 }),
  closeLists: fc.boolean(),
});

export const generatedOfx: fc.Arbitrary<GeneratedFile> = fc
  .record({
    blocks: fc.array(ofxBlock, { minLength: 1, maxLength: 4 }),
    sgml: fc.boolean(),
    blank: fc.constantFrom("", "\n\n"),
  })
  .map(({ blocks, sgml, blank }) => {
    let id = 0;
    const leaf = (tag: string, value: string) => (sgml ? `<${tag}>${value}\n` : `<${tag}>${value}</${tag}>\n`);
    const trn = (t: OfxTrn) =>
      `<STMTTRN>\n${leaf("TRNTYPE", "OTHER")}${leaf("DTPOSTED", `202403${t.day}${t.tz}`)}${leaf("TRNAMT", decimal(t.amount))}${leaf("FITID", `F${++id}`)}${leaf("NAME", `Payee ${id}`)}</STMTTRN>${blank}\n`;
    const body = blocks
      .map(
        (b) =>
          `<STMTTRNRS>\n${leaf("TRNUID", "1")}<STMTRS>\n${leaf("CURDEF", "EUR")}<BANKACCTFROM>\n${leaf("ACCTID", ACCOUNTS[b.account] as string)}</BANKACCTFROM>${blank}\n` +
          b.lists
            .map((l) => `<BANKTRANLIST>\n${l.map(trn).join("")}${b.closeLists ? "</BANKTRANLIST>" : ""}\n`)
            .join(blank) +
          `<LEDGERBAL>\n${leaf("BALAMT", "0.00")}${leaf("DTASOF", "20240331")}</LEDGERBAL>\n</STMTRS>\n</STMTTRNRS>${blank}\n`,
      )
      .join("");
    const header = sgml
      ? "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nCHARSET:1252\n\n"
      : '<?xml version="1.0"?>\n<?OFX OFXHEADER="200" VERSION="220"?>\n';
    return {
      format: "ofx" as const,
      content: `${header}<OFX>\n<BANKMSGSRSV1>\n${body}</BANKMSGSRSV1>\n</OFX>\n`,
      statements: byAccount(blocks).map((group) => ({
        transactions: group.reduce((n, b) => n + b.lists.flat().length, 0),
        skipped: 0,
      })),
    };
  });

// --- CAMT: several <Stmt> per IBAN; booked, pending and information entries; batches that split or not.
const camtEntry = fc.record({
  status: fc.constantFrom("BOOK", "BOOK", "PDNG", "INFO", ""),
  details: fc.array(cents.map(Math.abs), { maxLength: 3 }),
  sums: fc.boolean(),
  debit: fc.boolean(),
  day,
});
const camtBlock = fc.record({ account: fc.nat(2), entries: fc.array(camtEntry, { maxLength: 5 }) });

export const generatedCamt: fc.Arbitrary<GeneratedFile> = fc
  .array(camtBlock, { minLength: 1, maxLength: 4 })
  .map((blocks) => {
    const split = (e: CamtEntry) => e.status !== "PDNG" && e.status !== "INFO" && e.details.length >= 2 && e.sums;
    const entry = (e: CamtEntry) => {
      const total = e.details.reduce((a, b) => a + b, 0) + (e.sums ? 0 : 1) || 100;
      const ind = e.debit ? "DBIT" : "CRDT";
      const txs = e.details
        .map(
          (d, k) =>
            `<TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">${decimal(d)}</Amt></TxAmt></AmtDtls><RmtInf><Ustrd>detail ${k}</Ustrd></RmtInf></TxDtls>`,
        )
        .join("");
      return `<Ntry><Amt Ccy="EUR">${decimal(total)}</Amt><CdtDbtInd>${ind}</CdtDbtInd>${e.status ? `<Sts>${e.status}</Sts>` : ""}<BookgDt><Dt>2024-03-${e.day}</Dt></BookgDt>${txs ? `<NtryDtls><Btch><NbOfTxs>${e.details.length}</NbOfTxs></Btch>${txs}</NtryDtls>` : ""}</Ntry>\n`;
    };
    const stmts = blocks
      .map(
        (b, i) =>
          `<Stmt><Id>S${i}</Id><CreDtTm>2024-03-31T10:00:00</CreDtTm><Acct><Id><IBAN>${ACCOUNTS[b.account]}</IBAN></Id><Ccy>EUR</Ccy></Acct>\n${b.entries.map(entry).join("")}</Stmt>\n`,
      )
      .join("");
    return {
      format: "camt" as const,
      content: `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2024-03-31T10:00:00</CreDtTm></GrpHdr>\n${stmts}</BkToCstmrStmt></Document>\n`,
      statements: byAccount(blocks).map((group) => {
        const entries = group.flatMap((b) => b.entries);
        const skipped = entries.filter((e) => e.status === "PDNG" || e.status === "INFO").length;
        const transactions = entries.reduce(
          (n, e) => n + (e.status === "PDNG" || e.status === "INFO" ? 0 : split(e) ? e.details.length : 1),
          0,
        );
        return { transactions, skipped };
      }),
    };
  });

// --- MT940: daily messages of one or more accounts, :86: details, with or without SWIFT blocks.
const mt940Block = fc.record({
  account: fc.nat(2),
  lines: fc.array(fc.record({ amount: cents, day }), { maxLength: 5 }),
});

export const generatedMt940: fc.Arbitrary<GeneratedFile> = fc
  .record({ blocks: fc.array(mt940Block, { minLength: 1, maxLength: 4 }), swift: fc.boolean() })
  .map(({ blocks, swift }) => {
    let ref = 0;
    const message = (b: { account: number; lines: { amount: number; day: string }[] }, i: number) => {
      const lines = b.lines
        .map(
          (l) =>
            `:61:2403${l.day}${l.amount < 0 ? "D" : "C"}${decimal(Math.abs(l.amount), ",")}NTRFNONREF//B${++ref}\n:86:166?00GUTSCHRIFT?20SVWZ+Ref ${ref}?32Payer ${ref}\n`,
        )
        .join("");
      const text = `:20:STMT${i}\n:25:${ACCOUNTS[b.account]}\n:28C:${i + 1}/1\n:60F:C240301EUR0,00\n${lines}:62F:C240331EUR0,00\n`;
      return swift ? `{1:F01BANKDEFFXXXX0000000000}{2:O940}{4:\n${text}-}\n` : `${text}-\n`;
    };
    return {
      format: "mt940" as const,
      content: blocks.map(message).join(""),
      statements: byAccount(blocks).map((group) => ({
        transactions: group.reduce((n, b) => n + b.lines.length, 0),
        skipped: 0,
      })),
    };
  });
