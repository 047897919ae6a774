import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { createLogger } from "./create-logger.ts";
import { redactUrl } from "./redact-url.ts";
import { safeError } from "./safe-error.ts";

const capture = () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
};

test("logs JSON with the service name and never the secrets", () => {
  const { lines, destination } = capture();
  const log = createLogger({ service: "api", destination });
  log.info({ body: { email: "a@b.c", password: "hunter22" }, headers: { authorization: "Bearer abc" } }, "hi");
  log.info({ refreshToken: "r-123", token: "fcp_456" }, "tokens");
  const text = lines.join("");
  for (const secret of ["hunter22", "Bearer abc", "r-123", "fcp_456"]) assert.ok(!text.includes(secret), secret);
  const first = JSON.parse(lines[0] ?? "{}");
  assert.equal(first.service, "api");
  assert.equal(first.level, "info");
  assert.equal(first.body.email, "a@b.c");
});

test("redactUrl hides passwords", () => {
  assert.equal(redactUrl("postgres://u:s3cret@h:5432/db"), "postgres://u:***@h:5432/db");
});

test("safeError keeps the SQL and the database error but drops bound parameters", () => {
  const e = Object.assign(new Error("Failed query: select 1 where email = $1\nparams: ada@example.com"), {
    query: "select 1 where email = $1",
    params: ["ada@example.com"],
    cause: Object.assign(new Error("relation missing"), { code: "42P01" }),
  });
  const logged = JSON.stringify(safeError(e));
  assert.ok(!logged.includes("ada@example.com"));
  assert.match(logged, /select 1 where email = \$1/);
  assert.match(logged, /42P01/);
});
