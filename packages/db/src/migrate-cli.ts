/**
 * `npm run migrate`: applies migrations to DATABASE_URL and exits. Runs as its own step
 * (a Kubernetes Job / pre-deploy hook), never inside a service's start-up.
 */
import { CommonEnv, loadEnvOrExit } from "@fincoach/config";
import { z } from "zod";
import { migrateDatabase } from "./migrate.ts";

const env = loadEnvOrExit("migrate", z.object({ DATABASE_URL: CommonEnv.DATABASE_URL }), process.env);
try {
  await migrateDatabase(env.DATABASE_URL);
  process.stdout.write("migrate: database is up to date\n");
} catch (e) {
  process.stderr.write(`migrate: failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
