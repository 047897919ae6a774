import { rfc822 } from "./rfc822.ts";

/** What parseTransactionEmail must make of a generated mail. */
export type ExpectedEmailOutcome =
  | {
      kind: "transactions";
      template: string | null;
      drafts: { date: string; amount: string; currency: string; merchant: string | null; accountHint: string | null }[];
    }
  | { kind: "skipped"; reason: string };

export type GeneratedEmail = {
  /** Without angle brackets: `gen-<seed>-<index>@fincoach.test`, unique per (seed, index). */
  messageId: string;
  /** The RFC 822 message (CRLF line ends, base64 body). */
  raw: string;
  expected: ExpectedEmailOutcome;
};

/** mulberry32: a small seeded PRNG, so a (count, seed) pair always yields the same mailbox. */
const prng = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const MX_SHOPS = [
  "OXXO CENTRO",
  "WALMART SUPERCENTER",
  "UBER TRIP HELP.UBER.CO",
  "CINEPOLIS GALERIAS",
  "LIVERPOOL MTY",
];
const UK_SHOPS = ["Corner Books Ltd", "La Barbiera", "Prezzybox.com Ltd", "AdBlock", "Porkbun, LLC"];
const US_SHOPS = ["Blue Bottle Coffee", "Whole Foods Market", "Shell Station", "City Parking"];
const MONTHS_ES = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"];
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
/** Cents as "1234.56" and grouped "1,234.56" / "1.234,56". */
const plain = (cents: number): string => `${Math.floor(cents / 100)}.${pad(cents % 100)}`;
const grouped = (cents: number, group = ",", decimal = "."): string =>
  `${Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, group)}${decimal}${pad(cents % 100)}`;

type Day = { y: number; m: number; d: number; iso: string; header: (zone: string) => string };
const dayOf = (ordinal: number): Day => {
  const date = new Date(Date.UTC(2024, 0, 1 + ordinal, 12, 0, 0));
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  return {
    y,
    m,
    d,
    iso: `${y}-${pad(m)}-${pad(d)}`,
    header: (zone) => `${DAYS[date.getUTCDay()]}, ${d} ${MONTHS_EN[m - 1]} ${y} 12:00:00 ${zone}`,
  };
};

// Real alert and receipt mails are mostly boilerplate: help lines, legal notices, styling. About
// 4 KB of it keeps generated mails near real sizes, so a benchmark parses realistic bytes.
const LEGAL = [
  "Este correo electronico es confidencial y/o puede contener informacion privilegiada. Si usted no es su destinatario o no es alguna persona autorizada por este para recibir sus correos electronicos, NO debera usted utilizar, copiar, revelar, o tomar ninguna accion basada en este correo electronico o cualquier otra informacion incluida en el.",
  "This e-mail is confidential and/or may contain privileged information. If you are not the addressee or authorized to receive this for the addressee, you must not use, copy, disclose, or take any action based on this message or any other information herein.",
  "Please do not reply to this email. This mailbox is not monitored and you will not receive a response. For assistance, log in to your account and click Help in the top right corner of any page.",
  "Unless otherwise noted, items sold are subject to Value Added Tax based on country of delivery in accordance with the laws on distance selling. Learn more about VAT and seller information.",
];
const STYLE = `<style>${Array.from({ length: 30 }, (_, i) => `.c${i}{font-family:Helvetica,Arial,sans-serif;color:#333;padding:${i}px}`).join("")}</style>`;
const FOOTER = `<div class="footer">${[...LEGAL, ...LEGAL].map((p) => `<p style="font-size:11px;color:#666">${p}</p>`).join("")}</div>`;
const TEXT_FOOTER = [...LEGAL, ...LEGAL].join("\r\n\r\n");

const table = (rows: [string, string][]): string =>
  `<table>${rows.map(([k, v]) => `<tr><td><b>${k}</b></td><td>${v}</td></tr>`).join("")}</table>`;
const html = (intro: string, rows: [string, string][], outro = ""): string =>
  `<html><head>${STYLE}</head><body><p>${intro}</p>${table(rows)}<p>${outro}</p>${FOOTER}</body></html>`;

type Built = {
  from: string;
  subject: string;
  zone: string;
  body: string;
  type: "text/html" | "text/plain";
  expected: ExpectedEmailOutcome;
};
type Maker = (r: () => number, day: Day, cents: number, last4: string) => Built;
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

const banorteCharge: Maker = (r, day, cents, last4) => {
  const shop = pick(r, MX_SHOPS);
  const es = `${pad(day.d)}/${MONTHS_ES[day.m - 1]}/${day.y}`;
  return {
    from: "Banorte <notificaciones@banorte.com>",
    subject: "Notificación de cargo",
    zone: "-0600",
    type: "text/html",
    body: html(
      `Le notificamos que se ha registrado un cargo a su cuenta ************${last4} , los datos de la operacion son los siguientes:`,
      [
        ["Operacion:", `COMPRA EN ${shop}`],
        ["Fecha y hora de la operacion:", `${pad(day.d)}/${MONTHS_ES[day.m - 1]} 10:15:00 hrs.`],
        ["Fecha de Aplicacion:", es],
        ["Importe:", `$ ${grouped(cents)} MN`],
        ["Canal de operacion:", "TPV(COMPRA COMERCIO)"],
      ],
    ),
    expected: {
      kind: "transactions",
      template: "banorte-alert",
      drafts: [{ date: day.iso, amount: `-${plain(cents)}`, currency: "MXN", merchant: shop, accountHint: last4 }],
    },
  };
};

const banorteSpei: Maker = (_r, day, cents, last4) => ({
  from: "Banorte <notificaciones@banorte.com>",
  subject: "SPEI Recibido",
  zone: "-0600",
  type: "text/html",
  body: `<html><body><p>Notificacion Correo Electronico SPEI Recibido</p><p>Se realizo un ABONO SPEI de $ ${grouped(cents)} MN el ${pad(day.d)}/${MONTHS_ES[day.m - 1]?.toUpperCase()}/${day.y} a las 13:41:34 horas a la cuenta ************${last4} Clave de Rastreo 0000</p>${FOOTER}</body></html>`,
  expected: {
    kind: "transactions",
    template: "banorte-alert",
    drafts: [{ date: day.iso, amount: plain(cents), currency: "MXN", merchant: null, accountHint: last4 }],
  },
});

const banorteNotice: Maker = (_r, day, _cents, last4) => ({
  from: "Banorte <notificaciones@banorte.com>",
  subject: "Banorte Móvil",
  zone: "-0600",
  type: "text/html",
  body: html("La siguiente operación ha sido registrada en Banorte Móvil.", [
    ["Operación:", "Bloqueo de Tarjeta de Débito"],
    ["Fecha de Operación:", `${pad(day.d)}/${MONTHS_ES[day.m - 1]}/${day.y}`],
    ["Tarjeta:", `Cuenta Enlace Personal - ************${last4}`],
  ]),
  expected: { kind: "skipped", reason: "account notice: card blocked" },
});

const amazon: Maker = (r, day, cents) => {
  const order = `202-${pad(Math.floor(r() * 1e7), 7)}-${pad(Math.floor(r() * 1e7), 7)}`;
  return {
    from: "Amazon.co.uk <auto-confirm@amazon.co.uk>",
    subject: `Your Amazon.co.uk order #${order}`,
    zone: "+0000",
    type: "text/html",
    body: html(
      `Order Confirmation</p><p>Order #${order}</p><p>Thanks for your order.`,
      [
        ["Order Details", ""],
        [`Order #${order}`, ""],
        [`Placed on ${MONTHS_LONG[day.m - 1]} ${day.d}, ${day.y}`, ""],
        ["Item Subtotal:", `£${grouped(cents)}`],
        ["Order Total:", `£${grouped(cents)}`],
      ],
      "Customers who bought this also bought £9.99",
    ),
    expected: {
      kind: "transactions",
      template: "amazon-order",
      drafts: [{ date: day.iso, amount: `-${plain(cents)}`, currency: "GBP", merchant: "Amazon", accountHint: null }],
    },
  };
};

const paypal: Maker = (r, day, cents) => {
  const shop = pick(r, UK_SHOPS);
  return {
    from: "service@paypal.co.uk",
    subject: "Receipt for your payment",
    zone: "+0000",
    type: "text/html",
    body: html(
      `${day.d} ${MONTHS_EN[day.m - 1]} ${day.y} 13:36:53 GMT</p><p>Transaction ID: 3PV58699R8695403W</p><p>You sent a payment of £${grouped(cents)} GBP to ${shop}`,
      [
        ["Total", `£${grouped(cents)} GBP`],
        ["Payment", `£${grouped(cents)} GBP`],
      ],
    ),
    expected: {
      kind: "transactions",
      template: "paypal-receipt",
      drafts: [{ date: day.iso, amount: `-${plain(cents)}`, currency: "GBP", merchant: shop, accountHint: null }],
    },
  };
};

const unknownSender: Maker = (r, day, cents, last4) => {
  const shop = pick(r, US_SHOPS);
  const euro = r() < 0.5;
  const amount = euro ? `${grouped(cents, ".", ",")} €` : `$${grouped(cents)}`;
  return {
    from: "Alerts <alerts@mybank.example>",
    subject: "Card transaction alert",
    zone: "+0000",
    type: "text/plain",
    body: `Hello,\r\n\r\nYour card ending in ${last4} was charged ${amount} at ${shop} on ${day.iso}.\r\n\r\nThank you for banking with us.\r\n\r\n${TEXT_FOOTER}\r\n`,
    expected: {
      kind: "transactions",
      template: null,
      drafts: [
        {
          date: day.iso,
          amount: `-${plain(cents)}`,
          currency: euro ? "EUR" : "USD",
          merchant: shop,
          accountHint: last4,
        },
      ],
    },
  };
};

// Roughly a real alert mailbox: mostly card charges, some income, receipts, a few notices.
const MIX: readonly [Maker, number][] = [
  [banorteCharge, 30],
  [banorteSpei, 10],
  [banorteNotice, 5],
  [amazon, 20],
  [paypal, 20],
  [unknownSender, 15],
];
const TOTAL_WEIGHT = MIX.reduce((s, [, w]) => s + w, 0);
const weighted = (roll: number): Maker => {
  let left = roll;
  for (const [maker, weight] of MIX) {
    left -= weight;
    if (left < 0) return maker;
  }
  return unknownSender;
};

/**
 * `count` realistic RFC 822 transaction mails, deterministic for a seed: Banorte charges, SPEI
 * income and card notices, Amazon and PayPal receipts, and unknown-sender card alerts (the
 * general extractor), with amounts from 0.01 to 99,999.99 and dates through 2024-2026. Each
 * comes with the outcome parsing must give, so benchmarks can check what they load.
 */
export const generateTransactionEmails = (count: number, seed: number): GeneratedEmail[] => {
  const r = prng(seed);
  const out: GeneratedEmail[] = [];
  for (let i = 0; i < count; i++) {
    const maker = weighted(r() * TOTAL_WEIGHT);
    // Mostly everyday amounts, now and then a large one (grouping digits).
    const cents = r() < 0.9 ? 1 + Math.floor(r() * 20_000) : 100_000 + Math.floor(r() * 9_899_999);
    const day = dayOf(Math.floor(r() * 1000));
    const last4 = pad(Math.floor(r() * 10_000), 4);
    const built = maker(r, day, cents, last4);
    const messageId = `gen-${seed}-${i}@fincoach.test`;
    const raw = rfc822(
      { from: built.from, subject: built.subject, date: day.header(built.zone), messageId },
      built.body,
      built.type,
    );
    out.push({ messageId, raw, expected: built.expected });
  }
  return out;
};
