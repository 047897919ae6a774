/**
 * Beat's enqueue throughput: one tick of a schedule covering N active connections (default
 * 10,000; target < 2 s), on real PostgreSQL and Redis. Prints per round the whole tick
 * (select connections, insert sync_jobs rows, addFairBulk the jobs) and a second pass of the
 * same run (what a peer replica repeating it costs; adds nothing).
 *
 *   sh scripts/node.sh bench/beat/enqueue-10k.ts [connections=10000] [rounds=3]
 */
import { randomUUID } from "node:crypto";
import { Beat, enqueueRun, localSchedule, ScheduleRegistry, selectConnections } from "@fincoach/beat";
import { createLogger } from "@fincoach/logging";
import { createTestDatabase, createTestRedis } from "@fincoach/testing";
import { sql } from "drizzle-orm";

const connections = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 3);
const database = await createTestDatabase();
const testRedis = await createTestRedis();
try {
  // 2,500 people with two mailboxes and two bank feeds each (for 10,000).
  const people = Math.ceil(connections / 4);
  await database.db.execute(sql`
    insert into users (email, password_hash)
    select 'bench-' || g || '@example.test', 'x' from generate_series(1, ${people}) g`);
  await database.db.execute(sql`
    insert into connections (user_id, type, name, settings, secret_ciphertext, secret_nonce, secret_key_id)
    select u.id, case when k % 2 = 0 then 'imap' else 'plaid' end, 'bench', '{}'::jsonb, 'AA==', 'AA==', 'k1'
    from users u cross join generate_series(1, 4) k
    limit ${connections}`);
  const schedule = { ...localSchedule({ schedule: "*/30 * * * *", timeZone: "UTC", queue: `bench-${randomUUID()}` }) };
  const registry = new ScheduleRegistry();
  registry.put(schedule);
  let now = new Date("2026-01-01T00:00:10Z");
  const beat = new Beat({
    db: database.db,
    redis: testRedis.redis,
    redisPrefix: testRedis.prefix,
    registry,
    logger: createLogger({ service: "bench", level: "silent" }),
    now: () => now,
  });
  await beat.evaluate();
  for (let round = 1; round <= rounds; round++) {
    now = new Date(Date.parse("2026-01-01T00:00:00Z") + round * 30 * 60_000 + 1000);
    const started = performance.now();
    const outcome = (await beat.evaluate()).get("local/default");
    const tickMs = performance.now() - started;
    if (outcome?.outcome !== "ran") throw new Error(`round ${round}: ${outcome?.outcome}`);
    const again = performance.now();
    const conns = await selectConnections(database.db, schedule);
    await enqueueRun({
      db: database.db,
      queue: beat.queueOf(schedule),
      namespace: schedule.namespace,
      run: outcome.run,
      connections: conns,
    });
    const repeatMs = performance.now() - again;
    const counts = await beat.queueOf(schedule).getJobCounts("waiting", "prioritized");
    const waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
    console.log(
      `round ${round}: ${outcome.jobs} jobs in ${tickMs.toFixed(0)} ms (${Math.round((outcome.jobs / tickMs) * 1000)}/s); ` +
        `repeated run ${repeatMs.toFixed(0)} ms; queue holds ${waiting}`,
    );
  }
  await beat.close();
} finally {
  await testRedis.cleanup();
  await database.drop();
}
