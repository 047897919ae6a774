import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTracing, type Tracing } from "@fincoach/telemetry";
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from "@fincoach/testing";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { Beat } from "./beat.ts";
import { ScheduleRegistry } from "./schedule-registry.ts";
import { quietLogger, SimulatedClock, seedUser, testSchedule } from "./test-fixtures.ts";

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let database: TestDatabase;
let testRedis: TestRedis;
before(async () => {
  tracing = await startTracing({ service: "beat-test", spanProcessors: [new SimpleSpanProcessor(exporter)] });
  [database, testRedis] = await Promise.all([createTestDatabase(), createTestRedis()]);
  await seedUser(database.db, [{ type: "imap" }, { type: "plaid" }]);
});
after(async () => {
  await testRedis.cleanup();
  await database.drop();
  await tracing.shutdown();
});

test("a run has a span, and each of its jobs carries it so the worker's spans join the tick's trace", async () => {
  const schedule = testSchedule();
  const registry = new ScheduleRegistry();
  registry.put(schedule);
  const clock = new SimulatedClock(new Date("2026-01-01T00:00:10Z"));
  const beat = new Beat({
    db: database.db,
    redis: testRedis.redis,
    redisPrefix: testRedis.prefix,
    registry,
    logger: quietLogger(),
    now: clock.now,
  });
  try {
    await beat.evaluate();
    clock.set(new Date("2026-01-01T00:30:01Z"));
    await beat.evaluate();
    const span = exporter.getFinishedSpans().find((s) => s.name === `beat run ${schedule.namespace}/${schedule.name}`);
    assert.ok(span, "no run span");
    assert.equal(span.attributes["beat.jobs"], 2);
    const jobs = await beat.queueOf(schedule).getJobs(["waiting", "prioritized"]);
    assert.equal(jobs.length, 2);
    for (const job of jobs)
      assert.match(
        job.data.trace.traceparent ?? "",
        new RegExp(`^00-${span.spanContext().traceId}-${span.spanContext().spanId}-`),
      );
  } finally {
    await beat.close();
  }
});
