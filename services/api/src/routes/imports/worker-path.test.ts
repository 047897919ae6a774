import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { importStatement } from "@fincoach/domain";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { countRows, newAccount, STATEMENTS } from "./import-fixtures.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

/** What a worker will do: a "queued" record exists (the API answered 202), then the job runs the use case. */
const queued = async () => {
  const u = await h.newUser();
  const acc = await newAccount(h, u, "USD");
  const [imp] = await h.database.sql<{ id: string }[]>`
    insert into imports (user_id, account_id, filename, format, file_sha256, status)
    values (${u.id}, ${acc.id}, 'statement', 'unknown', '', 'queued') returning id`;
  return { u, acc, importId: imp!.id, ctx: { db: h.database.db, userId: u.id } };
};

describe("imports: the worker path (same use case, existing queued record)", () => {
  test("completes the queued record instead of creating another", async () => {
    const { u, acc, importId, ctx } = await queued();
    const content = await readFile(join(STATEMENTS, "ofx-ofxparse/checking.ofx"));
    const result = await importStatement({ ctx, input: { accountId: acc.id }, content, importId });
    assert.deepEqual([result.importId, result.status, result.inserted], [importId, "completed", 3]);
    const list = await h.call("GET", "/v1/imports", { token: u.token });
    assert.deepEqual(
      list.json.items.map((i: { importId: string; status: string; format: string }) => [
        i.importId,
        i.status,
        i.format,
      ]),
      [[importId, "completed", "ofx"]],
    );
    // A retried job whose first run committed does not run again.
    await assert.rejects(
      importStatement({ ctx, input: { accountId: acc.id }, content, importId }),
      (e: { code?: string }) => e.code === "NOT_FOUND",
    );
    assert.equal((await h.call("GET", `/v1/imports/${importId}`, { token: u.token })).json.inserted, 3);
  });

  test("a malformed file marks the queued record failed with the parser's errors, and stores no rows", async () => {
    const { u, acc, importId, ctx } = await queued();
    const content = await readFile(join(STATEMENTS, "ofx-ofxparse/fail_nice/date_missing.ofx"));
    await assert.rejects(
      importStatement({ ctx, input: { accountId: acc.id }, content, importId }),
      (e: { code?: string }) => e.code === "VALIDATION",
    );
    const got = await h.call("GET", `/v1/imports/${importId}`, { token: u.token });
    assert.equal(got.json.status, "failed");
    assert.ok(got.json.errors.length > 0 && got.json.failed === got.json.errors.length);
    assert.ok(got.json.completedAt);
    assert.equal(await countRows(h, acc.id), 0);
  });

  test("another person's queued record can't be claimed", async () => {
    const { acc, importId } = await queued();
    const other = await h.newUser();
    const content = await readFile(join(STATEMENTS, "ofx-ofxparse/checking.ofx"));
    const ctx = { db: h.database.db, userId: other.id };
    await assert.rejects(
      importStatement({ ctx, input: { accountId: acc.id }, content, importId }),
      (e: { code?: string }) => e.code === "NOT_FOUND",
    );
    assert.equal(await countRows(h, acc.id), 0);
  });
});
