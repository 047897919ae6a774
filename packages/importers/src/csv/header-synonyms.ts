/** The mapping fields that name a column. */
export type ColumnField =
  | "date"
  | "amount"
  | "debit"
  | "credit"
  | "description"
  | "merchant"
  | "notes"
  | "reference"
  | "currency"
  | "direction";

export const COLUMN_FIELDS: readonly ColumnField[] = [
  "date",
  "amount",
  "debit",
  "credit",
  "currency",
  "reference",
  "merchant",
  "description",
  "notes",
  "direction",
];

/**
 * Normalised header names per field, best first (English, German, French, Spanish, Dutch,
 * Italian). Exact matches only: "Original Amount" or "Account Name" must not be taken for the
 * amount or the payee. Booking dates rank above transaction and value dates.
 */
// biome-ignore format: a table reads better packed than one synonym per line
export const SYNONYMS: Readonly<Record<ColumnField, readonly string[]>> = {
  date: [
    "booking date", "buchungstag", "buchungsdatum", "posting date", "posted date", "post date", "date",
    "transaction date", "trans date", "txn date", "completed date", "date operation", "date de l operation",
    "date comptable", "fecha", "fecha operacion", "fecha valor", "data", "data operazione", "datum",
    "boekdatum", "transactiedatum", "journal date", "journaldate", "created", "value date", "valuta",
    "wertstellung", "valutadatum", "date de valeur",
  ],
  amount: [
    "amount", "transaction amount", "betrag", "umsatz", "montant", "importe", "importo", "bedrag", "belopp",
    "kwota", "net amount", "netamount", "value",
  ],
  debit: [
    "debit", "debit amount", "debits", "withdrawal", "withdrawals", "withdrawal amount", "money out", "paid out",
    "soll", "ausgang", "debito", "debet", "af", "retrait", "cargo",
  ],
  credit: [
    "credit", "credit amount", "credits", "deposit", "deposits", "deposit amount", "money in", "paid in", "haben",
    "eingang", "credito", "bij", "versement", "abono",
  ],
  currency: ["currency", "currency code", "waehrung", "wahrung", "devise", "monnaie", "monn", "moneda", "valuta code"],
  // Only names that promise a unique id: a bare "ID" or "#" is often a row number of the export,
  // and "Reference" is free text at many banks — either would merge different transactions.
  reference: [
    "transaction id", "transaction reference", "reference number", "reference id", "fitid", "order id",
    "n de transaction", "numero de transaction", "transaktions id", "transaktionsnummer",
  ],
  merchant: [
    "payee", "payee name", "merchant", "merchant name", "name", "partner name", "counterparty", "counter party",
    "counterparty name", "beneficiary", "recipient", "auftraggeber empfanger", "beguenstigter zahlungspflichtiger",
    "begunstigter zahlungspflichtiger", "empfanger", "zahlungsempfanger", "naam tegenpartij", "tiers", "beneficiaire",
  ],
  description: [
    "description", "transaction description", "desc", "details", "narrative", "particulars", "memo",
    "verwendungszweck", "libelle", "libelle operation", "concepto", "descripcion", "omschrijving", "mededelingen",
    "causale", "buchungstext", "text", "purpose", "reason", "payment reference",
  ],
  notes: ["notes", "note", "memo", "comment", "comments", "remarks", "additional description", "notizen"],
  direction: ["transaction type", "debit credit", "credit debit", "dr cr", "cr dr", "soll haben", "af bij"],
};

/** Lower case, accents and parenthesised units dropped, punctuation to single spaces: "Amount (EUR)" → "amount". */
export const normalizeHeader = (header: string): string =>
  header
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\(.*?\)/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
