import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import postgres from "postgres";
import { listenForUserDataChanges, USER_DATA_CHANNEL } from "./user-data-listener.ts";

// @fincoach/testing depends on this package, so the server's URL is read here directly.
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const until = async (what: string, check: () => boolean | Promise<boolean>) => {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

for (const sslmode of ["disable", "require"]) {
  test(`sslmode=${sslmode}: notifications arrive, a dropped connection is reported, and LISTEN comes back`, async () => {
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    const applicationName = `listener-test-${randomBytes(4).toString("hex")}`;
    const url = new URL(ADMIN_URL);
    url.searchParams.set("sslmode", sslmode);
    const seen: string[] = [];
    let listening = 0;
    let disconnected = 0;
    const listener = listenForUserDataChanges(url.toString(), {
      applicationName,
      onChange: (userId) => seen.push(userId),
      onListening: () => listening++,
      onDisconnected: () => disconnected++,
    });
    try {
      await listener.ready;
      const [backend] = await admin<{ ssl: boolean }[]>`select s.ssl from pg_stat_activity a
        join pg_stat_ssl s using (pid) where a.application_name = ${applicationName}`;
      assert.equal(backend?.ssl, sslmode === "require", "the server needs ssl = on (Debian's default)");
      await admin`select pg_notify(${USER_DATA_CHANNEL}, 'first')`;
      await until("the first notification arrives", () => seen.includes("first"));

      await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${applicationName}`;
      await until("the drop is reported", () => disconnected === 1);
      await until("LISTEN is back", () => listening === 2);
      await admin`select pg_notify(${USER_DATA_CHANNEL}, 'second')`;
      await until("notifications arrive again", () => seen.includes("second"));
    } finally {
      await listener.close();
      await admin.end();
    }
  });
}
