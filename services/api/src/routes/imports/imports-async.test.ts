import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { userEventStreamKey } from "@fincoach/events";
import { eventually, freePort } from "@fincoach/testing";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { newAccount, upload } from "./import-fixtures.ts";

/**
 * Queued imports end to end: the API (threshold lowered to 64 KiB) answers 202, a real
 * worker process (services/worker's main.ts, started as a deployment starts it, sharing
 * nothing with the API but PostgreSQL and Redis) runs the job, and GET /v1/imports/:id
 * reads what a synchronous import of the same file answers on another API (default
 * threshold, so that file is imported in the request).
 */
const THRESHOLD = 64 * 1024;
let h: Harness;
let syncH: Harness;
let worker: ChildProcess | undefined;

before(async () => {
  [h, syncH] = await Promise.all([startHarness({ IMPORT_ASYNC_THRESHOLD_BYTES: THRESHOLD }), startHarness()]);
  const port = await freePort();
  worker = spawn(process.execPath, [new URL("../../../../worker/src/main.ts", import.meta.url).pathname], {
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: h.database.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
      REDIS_PREFIX: h.config.redisPrefix,
      CONNECTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
      METRICS_PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await eventually(async () => assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200), 60_000);
});
after(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker!.once("exit", resolve));
    worker.kill("SIGTERM");
    await exited;
  }
  await Promise.all([h?.close(), syncH?.close()]);
});

/** A CSV statement of `rows` records, every 50th without an amount (skipped, with its reason). */
const statement = (rows: number, from = 0): string => {
  let text = "Date,Description,Amount\n";
  for (let i = from; i < from + rows; i++) {
    const date = `2026-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
    const amount = i % 50 === 49 ? "" : `-${(i % 997) + 1}.${String(i % 100).padStart(2, "0")}`;
    text += `${date},Card payment ${i} at shop ${i % 37},${amount}\n`;
  }
  return text;
};
/** A one-record statement of exactly `size` bytes (ASCII): its description padded (and cut when stored). */
const ofSize = (size: number): string => {
  const [head, tail] = ["Date,Description,Amount\n2026-01-02,Coffee ", ",-3.50\n"];
  return head + "x".repeat(size - head.length - tail.length) + tail;
};

const personIn = async (harness: Harness) => {
  const u = await harness.newUser();
  return { u, acc: await newAccount(harness, u, "USD") };
};

const finished = (u: { token: string }, id: string) =>
  eventually(async () => {
    const res = await h.call("GET", `/v1/imports/${id}`, { token: u.token });
    assert.equal(res.status, 200, res.text);
    assert.ok(["completed", "failed"].includes(res.json.status), `still ${res.json.status}`);
    return res.json;
  }, 60_000);

const ACCOUNTING = ["seen", "inserted", "duplicates", "skipped", "failed", "truncated", "skippedRecords", "errors"];
const accountingOf = (v: Record<string, unknown>) => Object.fromEntries(ACCOUNTING.map((k) => [k, v[k]]));

const balanceOf = async (harness: Harness, u: { token: string }, accountId: string) =>
  (await harness.call("GET", `/v1/accounts/${accountId}`, { token: u.token })).json.balance;

describe("POST /v1/imports: large files become jobs", () => {
  test("202 queued with Location; the worker ends it with a synchronous import's accounting; progress for that person only", async () => {
    const a = await personIn(h);
    const onlooker = await personIn(h);
    const b = await personIn(syncH);
    const large = statement(8_000);
    assert.ok(large.length > THRESHOLD && large.length < 2 ** 20);

    const res = await upload(h, a.u, { accountId: a.acc.id, content: large, filename: "big.csv", http: true });
    assert.equal(res.status, 202, res.text);
    assert.equal(res.json.status, "queued");
    assert.equal(res.headers.get("location"), `/v1/imports/${res.json.importId}`);
    assert.deepEqual([res.json.filename, res.json.accountId, res.json.inserted], ["big.csv", a.acc.id, 0]);

    const done = await finished(a.u, res.json.importId);
    const sync = await upload(syncH, b.u, { accountId: b.acc.id, content: large, filename: "big.csv" });
    assert.equal(sync.status, 201, sync.text);
    assert.equal(done.status, "completed", JSON.stringify(done));
    assert.deepEqual(accountingOf(done), accountingOf(sync.json));
    assert.deepEqual([done.seen, done.inserted, done.skipped], [8_000, 7_840, 160]);
    assert.equal(await balanceOf(h, a.u, a.acc.id), await balanceOf(syncH, b.u, b.acc.id));
    assert.ok(done.startedAt && done.completedAt && done.format === "csv" && done.error === null);

    const stream = async (userId: string) =>
      (await h.redis.xrange(userEventStreamKey(h.config.redisPrefix, userId), "-", "+")).map(([, f]) => ({
        type: f[f.indexOf("type") + 1],
        data: JSON.parse(f[f.indexOf("data") + 1] ?? "null"),
      }));
    // Published after the commit the record shows: wait for the last one. Alerts the new rows
    // raise (alert.raised, evaluated after the import) are the alerts' tests' business.
    const events = await eventually(async () => {
      const all = (await stream(a.u.id)).filter((e) => e.type !== "alert.raised");
      assert.equal(all.at(-1)?.type, "transactions.created");
      return all;
    }, 30_000);
    const progress = events.filter((e) => e.type === "import.progress");
    assert.ok(progress.length >= 2 && progress.every((e) => e.data.importId === res.json.importId));
    assert.deepEqual(progress.at(-1)?.data, { importId: res.json.importId, processed: 8_000, total: 8_000 });
    assert.deepEqual(
      events.filter((e) => e.type !== "import.progress"),
      [
        {
          type: "import.completed",
          data: {
            importId: res.json.importId,
            status: "completed",
            inserted: 7_840,
            duplicates: 0,
            skipped: 160,
            failed: 0,
          },
        },
        { type: "transactions.created", data: { count: 7_840 } },
      ],
    );
    assert.deepEqual(await stream(onlooker.u.id), []);
  });

  test("a malformed large file: failed with the problem a synchronous import answers (line and field), nothing stored", async () => {
    const a = await personIn(h);
    const b = await personIn(syncH);
    const lines = statement(3_000).split("\n");
    lines.splice(1_500, 0, "2026-03-04,Card payment at shop 9,1O.00");
    const bad = lines.join("\n");

    const res = await upload(h, a.u, { accountId: a.acc.id, content: bad, filename: "bad.csv" });
    assert.equal(res.status, 202, res.text);
    const failed = await finished(a.u, res.json.importId);
    const sync = await upload(syncH, b.u, { accountId: b.acc.id, content: bad, filename: "bad.csv" });
    assert.equal(sync.status, 400, sync.text);
    assert.equal(failed.status, "failed");
    assert.deepEqual(failed.errors, sync.json.errors);
    assert.match(failed.errors[0].path, /^line 1501 \/ amount$/);
    assert.equal(failed.error, sync.json.detail);
    assert.deepEqual([failed.failed, failed.inserted], [failed.errors.length, 0]);
    assert.equal(await balanceOf(h, a.u, a.acc.id), "0.00");
    const [left] = await h.database.sql<{ n: number }[]>`select count(*)::int as n from import_uploads`;
    assert.equal(left!.n, 0, "no stored file outlives its import");
  });

  test("the threshold is inclusive; smaller files import in the request as before; Prefer: respond-async queues any", async () => {
    const { u, acc } = await personIn(h);
    const below = await upload(h, u, { accountId: acc.id, content: ofSize(THRESHOLD - 1), filename: "s.csv" });
    assert.equal(below.status, 201, below.text);
    assert.equal(below.json.status, "completed");
    const at = await upload(h, u, { accountId: acc.id, content: ofSize(THRESHOLD), filename: "s.csv" });
    assert.equal(at.status, 202, at.text);

    const form = new FormData();
    form.set("file", new File([statement(3)], "tiny.csv"));
    form.set("accountId", acc.id);
    const asked = await h.call("POST", "/v1/imports", {
      token: u.token,
      body: form,
      headers: { prefer: "wait=5, respond-async" },
    });
    assert.equal(asked.status, 202, asked.text);
    assert.equal(asked.headers.get("preference-applied"), "respond-async");
    assert.equal((await finished(u, asked.json.importId)).inserted, 3);
  });

  test("input a request can check is refused at once, storing nothing: someone else's account, a bad mapping", async () => {
    const a = await personIn(h);
    const other = await personIn(h);
    const large = statement(3_000);
    const foreign = await upload(h, a.u, { accountId: other.acc.id, content: large });
    assert.equal(foreign.status, 404, foreign.text);
    // A mapping is checked as a synchronous import checks it (a typo'd key); whether its columns
    // exist is the file's business, read by the worker.
    const mapping = await upload(h, a.u, { accountId: a.acc.id, content: large, mapping: { dat: "Date" } });
    assert.equal(mapping.status, 400, mapping.text);
    assert.ok(
      mapping.json.errors.some((e: { path: string }) => e.path.startsWith("mapping")),
      mapping.text,
    );
    const [rows] = await h.database.sql<{ n: number }[]>`
      select (select count(*) from imports where user_id = ${a.u.id})::int
           + (select count(*) from import_uploads where user_id = ${a.u.id})::int as n`;
    assert.equal(rows!.n, 0);
  });

  test("another person's queued import answers 404 and is not listed", async () => {
    const a = await personIn(h);
    const other = await personIn(h);
    const res = await upload(h, a.u, { accountId: a.acc.id, content: statement(2_000) });
    assert.equal(res.status, 202, res.text);
    const peek = await h.call("GET", `/v1/imports/${res.json.importId}`, { token: other.u.token });
    assert.equal(peek.status, 404, peek.text);
    assert.deepEqual((await h.call("GET", "/v1/imports", { token: other.u.token })).json.items, []);
    await finished(a.u, res.json.importId);
    assert.equal((await h.call("GET", `/v1/imports/${res.json.importId}`, { token: other.u.token })).status, 404);
  });

  test("the OpenAPI document describes the 202, its Location and an example", async () => {
    const doc = (await h.call("GET", "/openapi.json")).json;
    const accepted = doc.paths["/v1/imports"].post.responses["202"];
    assert.ok(accepted.headers.Location);
    assert.equal(accepted.content["application/json"].example.status, "queued");
  });
});
