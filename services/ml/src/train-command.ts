/**
 * `sh scripts/node.sh services/ml/src/train-command.ts --data <csv> --model categorizer
 * --version v2 [--store pg|file:<dir>]`: trains a shared version from a labelled CSV, stores
 * its ONNX artifact, registers it, and prints one JSON line with what a ModelVersion's
 * spec.artifact needs (uri, sha256, format) and the labels. What a Kubernetes Job runs.
 * Needs DATABASE_URL. Bad input: one line on stderr, exit 1.
 */
import { parseArgs } from "node:util";
import { parseEnv } from "@fincoach/config";
import { createDatabase } from "@fincoach/db";
import { CommandEnv, parseArtifactStore } from "./env.ts";
import { readLabelledCsv } from "./training/ensure-default-model.ts";
import { trainVersion } from "./training/train-version.ts";

const fail = (message: string): never => {
  process.stderr.write(`train: ${message.split("\n")[0]}\n`);
  process.exit(1);
};

const run = async () => {
  let args: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];
  const OPTIONS = {
    data: { type: "string" },
    model: { type: "string", default: "categorizer" },
    version: { type: "string" },
    store: { type: "string" },
  } as const;
  try {
    args = parseArgs({ options: OPTIONS, strict: true }).values;
  } catch (e) {
    return fail((e as Error).message);
  }
  if (!args.data) return fail("--data <csv> is required");
  if (!args.version) return fail("--version <name> is required (e.g. v2)");
  let env: CommandEnv;
  try {
    env = parseEnv("train", CommandEnv, process.env);
  } catch (e) {
    return fail((e as Error).message.replace("\n", " "));
  }
  let store = env.TRAINING_STORE;
  if (args.store) {
    try {
      store = parseArtifactStore(args.store);
    } catch {
      return fail(`--store must be pg or file:<directory>, not ${args.store}`);
    }
  }
  const rows = await readLabelledCsv(args.data).catch((e: Error) =>
    fail(e.message.startsWith("ENOENT") ? `cannot read ${args.data}` : e.message),
  );
  const database = createDatabase(env.DATABASE_URL, { max: 2 });
  try {
    const trained = await trainVersion(database.db, {
      rows,
      model: args.model,
      version: args.version,
      userId: null,
      store,
    });
    const { row, artifact, created, seconds } = trained;
    process.stdout.write(
      `${JSON.stringify({
        model: row.model,
        version: row.version,
        created,
        artifact: { uri: artifact.uri, sha256: artifact.sha256, format: row.format },
        size: artifact.size,
        rows: rows.length,
        labels: row.labels,
        seconds: Math.round(seconds * 100) / 100,
      })}\n`,
    );
  } catch (e) {
    fail((e as Error).message);
  } finally {
    await database.close();
  }
};

await run();
