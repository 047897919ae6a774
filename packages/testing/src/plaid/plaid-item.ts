/** A Plaid account as `/accounts/get` and `/transactions/sync` return it (the fields FinCoach reads, and the usual rest). */
export type PlaidStandInAccount = {
  account_id: string;
  name: string;
  mask: string | null;
  type: "depository" | "credit" | "loan" | "investment" | "other";
  subtype: string | null;
  iso_currency_code: string | null;
  unofficial_currency_code?: string | null;
};

/**
 * What a test writes for a transaction. `amount` follows Plaid: positive is money OUT of the
 * account. A string is sent as the same JSON number text (Plaid sends numbers).
 */
export type PlaidStandInTransaction = {
  transaction_id: string;
  account_id: string;
  amount: number | string;
  date: string;
  name: string;
  iso_currency_code?: string | null;
  unofficial_currency_code?: string | null;
  merchant_name?: string | null;
  pending?: boolean;
  pending_transaction_id?: string | null;
  authorized_date?: string | null;
  personal_finance_category?: { primary: string; detailed: string; confidence_level?: string } | null;
};

type Stored = PlaidStandInTransaction;

/** Plaid's Transaction object, every documented field present (null when unknown), as Plaid serializes it. */
export const toPlaidTransaction = (t: Stored, currency: string | null) => ({
  account_id: t.account_id,
  account_owner: null,
  amount: typeof t.amount === "number" ? t.amount : Number(t.amount),
  iso_currency_code: t.iso_currency_code === undefined ? currency : t.iso_currency_code,
  unofficial_currency_code: t.unofficial_currency_code ?? null,
  category: null,
  category_id: null,
  check_number: null,
  counterparties: [],
  date: t.date,
  datetime: null,
  authorized_date: t.authorized_date ?? null,
  authorized_datetime: null,
  location: {
    address: null,
    city: null,
    region: null,
    postal_code: null,
    country: null,
    lat: null,
    lon: null,
    store_number: null,
  },
  logo_url: null,
  merchant_entity_id: null,
  merchant_name: t.merchant_name ?? null,
  name: t.name,
  original_description: null,
  payment_channel: "other",
  payment_meta: {
    by_order_of: null,
    payee: null,
    payer: null,
    payment_method: null,
    payment_processor: null,
    ppd_id: null,
    reason: null,
    reference_number: null,
  },
  pending: t.pending ?? false,
  pending_transaction_id: t.pending_transaction_id ?? null,
  personal_finance_category: t.personal_finance_category
    ? { confidence_level: "HIGH", ...t.personal_finance_category }
    : null,
  personal_finance_category_icon_url: null,
  transaction_code: null,
  transaction_id: t.transaction_id,
  transaction_type: "special",
  website: null,
});

type Change = { kind: "added" | "modified" | "removed"; id: string; tx: Stored | null };

/**
 * One Item's transactions as a change log. Every mutation is one version; a cursor names the
 * version it was taken at. A sync from version `b` reports the NET change since `b` as of the
 * snapshot version: present now and at `b` → modified; present now only → added; gone now
 * → removed (also for one added and removed after `b`: Plaid, too, may report removals of
 * transactions the client never saw).
 */
export class PlaidItemLog {
  readonly accounts: PlaidStandInAccount[];
  /** history[id]: (version, state) pairs, ascending; state null = removed. */
  private readonly history = new Map<string, { version: number; tx: Stored | null }[]>();
  /** log[v - 1] = the transaction id version v changed. */
  private readonly log: string[] = [];
  private cache: { key: string; changes: Change[] } | undefined;
  /** A persistent Item error (ITEM_LOGIN_REQUIRED...) every call answers until cleared. */
  itemError: string | undefined;

  constructor(accounts: PlaidStandInAccount[]) {
    this.accounts = accounts;
  }

  get version(): number {
    return this.log.length;
  }

  current(id: string): Stored | null {
    const h = this.history.get(id);
    return h?.[h.length - 1]?.tx ?? null;
  }

  set(id: string, tx: Stored | null): void {
    this.log.push(id);
    const h = this.history.get(id) ?? [];
    h.push({ version: this.log.length, tx });
    this.history.set(id, h);
  }

  private stateAt(id: string, version: number): Stored | null {
    const h = this.history.get(id) ?? [];
    let state: Stored | null = null;
    for (const e of h) {
      if (e.version > version) break;
      state = e.tx;
    }
    return state;
  }

  /** The net changes between `base` and `snapshot`, in order of their last change (cached per pair). */
  changes(base: number, snapshot: number): Change[] {
    const key = `${base}:${snapshot}`;
    if (this.cache?.key === key) return this.cache.changes;
    const lastTouch = new Map<string, number>();
    for (let v = base + 1; v <= snapshot; v++) lastTouch.set(this.log[v - 1] as string, v);
    const changes: Change[] = [];
    for (const [id] of [...lastTouch].sort((a, b) => a[1] - b[1])) {
      const now = this.stateAt(id, snapshot);
      const then = this.stateAt(id, base);
      if (now) changes.push({ kind: then ? "modified" : "added", id, tx: now });
      else changes.push({ kind: "removed", id, tx: then ?? this.lastKnown(id, snapshot) });
    }
    this.cache = { key, changes };
    return changes;
  }

  private lastKnown(id: string, snapshot: number): Stored | null {
    const h = this.history.get(id) ?? [];
    let last: Stored | null = null;
    for (const e of h) if (e.version <= snapshot && e.tx) last = e.tx;
    return last;
  }
}
