/**
 * `sh scripts/node.sh services/ml/src/ensure-default-model-command.ts`: registers the default
 * model (DEFAULT_MODEL, `categorizer`) trained from the shipped data when no shared version of
 * it is registered yet; otherwise does nothing. Needs DATABASE_URL (migrated); stores into
 * TRAINING_STORE (default the built-in store in PostgreSQL). Prints one line either way.
 */
import { parseEnv } from "@fincoach/config";
import { createDatabase } from "@fincoach/db";
import { createLogger } from "@fincoach/logging";
import { CommandEnv } from "./env.ts";
import { ensureDefaultModel } from "./training/ensure-default-model.ts";

let env: CommandEnv;
try {
  env = parseEnv("ensure-default-model", CommandEnv, process.env);
} catch (e) {
  process.stderr.write(`${(e as Error).message.replace(/\n\s*/g, " ")}\n`);
  process.exit(1);
}
const database = createDatabase(env.DATABASE_URL, { max: 2 });
const logger = createLogger({ service: "ml", level: env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL });
try {
  const trained = await ensureDefaultModel({
    db: database.db,
    model: env.DEFAULT_MODEL,
    store: env.TRAINING_STORE,
    logger,
  });
  process.stdout.write(
    trained
      ? `ml: default model ${trained.row.model}/${trained.row.version} registered (${trained.artifact.uri}, ${trained.seconds.toFixed(1)} s)\n`
      : `ml: a shared ${env.DEFAULT_MODEL} version is already registered\n`,
  );
} catch (e) {
  process.stderr.write(`ensure-default-model: ${(e as Error).message.split("\n")[0]}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
