import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, test } from "node:test";
import { AppError } from "@fincoach/errors";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import postgres from "postgres";
import type { BaseEnv } from "./base-env.ts";
import { newApp } from "./new-app.ts";

// A real server, so the error is a real postgres.js PostgresError with `parameters` and `query`.
const sql = postgres(process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", {
  max: 1,
  onnotice: () => {},
});
after(() => sql.end());

const SECRET = "canary-parameter-ada@example.com";

const build = () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = newApp<BaseEnv>({
    service: "test",
    logger: createLogger({ service: "test", level: "info", destination }),
    metrics: createMetrics("test"),
  });
  app.get("/divide", async (c) => c.json(await sql`select ${SECRET}::text as s, 1 / ${0}::int as q`));
  app.get("/unique", async (c) => {
    await sql`create temp table if not exists logged (n int constraint logged_n_key unique)`;
    await sql`insert into logged values (${7}), (${7})`;
    return c.json({});
  });
  app.get("/wrapped", async () => {
    try {
      await sql`select ${SECRET}::text, 1 / 0`;
    } catch (e) {
      throw new AppError("INTERNAL", "totals could not be computed", { cause: e });
    }
  });
  const errorLine = () => {
    const found = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "unhandled error");
    assert.ok(found, `an "unhandled error" line among ${lines.length}`);
    return found as { requestId?: string; err: Record<string, unknown> & { causes?: Record<string, unknown>[] } };
  };
  return { app, lines, errorLine };
};

test("a PostgresError's 500 logs its SQLSTATE, message and stack, never the query parameters", async () => {
  const { app, lines, errorLine } = build();
  const res = await app.request("/divide");
  assert.equal(res.status, 500);
  const body = await res.text();
  assert.ok(!body.includes("division"), "the client gets no detail");
  const { err, requestId } = errorLine();
  assert.equal(err.name, "PostgresError");
  assert.equal(err.code, "22012");
  assert.equal(err.message, "division by zero");
  assert.match(String(err.stack), /division by zero\n\s+at /);
  assert.ok(requestId, "the line carries the request id");
  const text = lines.join("");
  assert.ok(!text.includes(SECRET), "no bound parameter in the log");
  assert.ok(!text.includes('"parameters"') && !text.includes('"query"'));
});

test("detail and constraint are logged with the code", async () => {
  const { app, errorLine } = build();
  assert.equal((await app.request("/unique")).status, 500);
  const { err } = errorLine();
  assert.equal(err.code, "23505");
  assert.equal(err.constraint_name, "logged_n_key");
  assert.equal(err.detail, "Key (n)=(7) already exists.");
});

test("an INTERNAL AppError logs the database error it wraps", async () => {
  const { app, lines, errorLine } = build();
  assert.equal((await app.request("/wrapped")).status, 500);
  const { err } = errorLine();
  assert.equal(err.message, "totals could not be computed");
  assert.equal(err.causes?.[0]?.code, "22012");
  assert.match(String(err.causes?.[0]?.stack), /division by zero\n\s+at /);
  assert.ok(!lines.join("").includes(SECRET));
});
