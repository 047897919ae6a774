/**
 * `npm run rotate-connection-keys -w @fincoach/api`: re-seals every connection credential and
 * every webhook signing secret (sealed with the same keys) under the first key of
 * CONNECTION_KEYS (the others must still hold the keys in use), in batches, and exits. Idempotent: run it again after a crash, or to confirm nothing is left.
 * Afterwards the old keys can be dropped from CONNECTION_KEYS.
 */
import { CommonEnv, EnvError, exitUnlessReachable, parseEnv } from "@fincoach/config";
import { checkPostgres, createDatabase } from "@fincoach/db";
import { parseKeyring, rotateConnectionKeys } from "@fincoach/domain";
import { rotateWebhookSecretKeys } from "@fincoach/domain/notifications";
import { z } from "zod";
import { ApiEnv } from "./env.ts";

const NAME = "rotate-connection-keys";
const RotateEnv = z.object({
  DATABASE_URL: CommonEnv.DATABASE_URL,
  CONNECTION_KEYS: ApiEnv.shape.CONNECTION_KEYS.unwrap(),
  ROTATE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
});

const fail = (line: string): never => {
  process.stderr.write(`${NAME}: ${line}\n`);
  process.exit(1);
};

const env = (() => {
  try {
    return parseEnv(NAME, RotateEnv, process.env);
  } catch (e) {
    if (!(e instanceof EnvError)) throw e;
    // One line for an operator's terminal or a Job's log, every bad key in it.
    return fail(`invalid environment: ${e.issues.map((i) => `${i.key}: ${i.message}`).join("; ")}`);
  }
})();
await exitUnlessReachable(NAME, [() => checkPostgres(env.DATABASE_URL)]);
const keyring = parseKeyring(env.CONNECTION_KEYS);
const database = createDatabase(env.DATABASE_URL, { max: 1 });
try {
  const options = { db: database.db, keyring, batchSize: env.ROTATE_BATCH_SIZE };
  const credentials = await rotateConnectionKeys(options);
  const hooks = await rotateWebhookSecretKeys(options);
  process.stdout.write(
    `${NAME}: ${credentials.rotated} credential(s) and ${hooks.rotated} webhook secret(s) re-sealed under key "${keyring.current.id}"\n`,
  );
  const unopenable = [
    ...credentials.unopenable.map((u) => ({ ...u, what: "credential" })),
    ...hooks.unopenable.map((u) => ({ ...u, what: "webhook" })),
  ];
  if (unopenable.length > 0) {
    const keys = [...new Set(unopenable.map((u) => u.keyId))].join(", ");
    fail(
      `${credentials.unopenable.length} credential(s) and ${hooks.unopenable.length} webhook secret(s) could not be ` +
        `opened (sealed with key(s) ${keys}, missing from CONNECTION_KEYS or not theirs); left unchanged: ` +
        unopenable.map((u) => `${u.what} ${u.id}`).join(", "),
    );
  }
} catch (e) {
  fail(`failed: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  await database.close();
}
