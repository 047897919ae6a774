/**
 * Where an analytics request's time goes without HTTP: for 200 seeded people in turn (one
 * at a time, no concurrency), each use case in this process against its one SQL statement
 * alone on postgres.js, and the range resolution (validation, time zone). Medians in ms.
 * Needs the bench database (`npm run bench:analytics` seeds it).
 *
 *   sh scripts/node.sh bench/analytics/in-process.ts
 */
import { createDatabase } from "@fincoach/db";
import { getCashFlow, getNetWorth, getSpending, getTopMerchants, resolveRange } from "@fincoach/domain";
import { PgDialect } from "drizzle-orm/pg-core";
import { benchDatabaseUrl } from "../shared/bench-database.ts";
import { median } from "../shared/median.ts";
import { type Endpoint, statementFor } from "./endpoints.ts";

const { db, sql, close } = createDatabase(benchDatabaseUrl("fincoach_bench"), { max: 2 });
const dialect = new PgDialect();
const useCases = {
  "cash-flow": getCashFlow,
  spending: getSpending,
  "net-worth": getNetWorth,
  merchants: getTopMerchants,
};
const input = { interval: "month" as const, timeZone: "Europe/Berlin" };
const ms = async (fn: () => unknown) => {
  const started = performance.now();
  await fn();
  return performance.now() - started;
};
try {
  const people = (
    await sql<{ id: string }[]>`select id from users where email like 'bench-%' order by email limit 200`
  ).map((r) => r.id);
  for (const [endpoint, useCase] of Object.entries(useCases) as [Endpoint, (typeof useCases)[Endpoint]][]) {
    const times = { useCase: [] as number[], sql: [] as number[], range: [] as number[] };
    for (const userId of people) {
      times.useCase.push(await ms(() => useCase({ ctx: { db, userId }, input })));
      times.range.push(await ms(() => resolveRange(input)));
      const q = dialect.sqlToQuery(statementFor(endpoint, userId, resolveRange(input)));
      times.sql.push(await ms(() => sql.unsafe(q.sql, q.params as never[])));
    }
    const m = (xs: number[]) => median(xs).toFixed(2);
    console.log(
      `${endpoint.padEnd(10)} use case ${m(times.useCase)} ms, SQL alone ${m(times.sql)} ms, resolveRange ${m(times.range)} ms`,
    );
  }
} finally {
  await close();
}
