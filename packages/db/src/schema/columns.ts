import { bigint, char, timestamp, uuid } from "drizzle-orm/pg-core";

/** Shared column builders so every table spells ids, owners, money and times the same way. */
export const id = () => uuid().primaryKey().defaultRandom();
/** Money is an integer count of minor units (see @fincoach/money); bigint mode keeps it exact in JS. */
export const minorUnits = () => bigint({ mode: "bigint" });
export const currencyCode = () => char({ length: 3 });
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
