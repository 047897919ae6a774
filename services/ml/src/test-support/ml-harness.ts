import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { sha256Hex } from "@fincoach/categorizer";
import { type DbOrTx, users } from "@fincoach/db";
import { registerModelVersion, storeModelArtifact } from "@fincoach/domain";
import { createLogger } from "@fincoach/logging";
import { createMetrics } from "@fincoach/telemetry";
import { createTestDatabase, type TestDatabase } from "@fincoach/testing";
import { MlEnv, toMlConfig } from "../env.ts";
import { createMlListener } from "../ml-listener.ts";
import { createMlService } from "../ml-service.ts";
import type { ArtifactLoader } from "../registry/load-version.ts";
import { encodeTrainedModel } from "../training/encode-trained-model.ts";
import { DEFAULT_MODEL_DATA, readLabelledCsv } from "../training/ensure-default-model.ts";

export type Harness = Awaited<ReturnType<typeof startMlHarness>>;
export type TinyArtifact = { bytes: Uint8Array; sha256: string; labels: string[]; training: Record<string, unknown> };

let birmingham: Awaited<ReturnType<typeof readLabelledCsv>> | undefined;
/** Rows `from` to `to` of the shipped Birmingham file (labelled rows only). */
export const birminghamSlice = async (from: number, to: number) => {
  birmingham ??= await readLabelledCsv(DEFAULT_MODEL_DATA);
  return birmingham.slice(from, to);
};

/** A real model trained on a few hundred real rows: a different slice gives different bytes. */
export const tinyArtifact = async (slice: number): Promise<TinyArtifact> => {
  const { bytes, labels, training } = encodeTrainedModel(await birminghamSlice(slice * 300, slice * 300 + 300));
  return { bytes, sha256: sha256Hex(bytes), labels, training };
};

/** Stores an artifact in the built-in store and registers it as a shared version. */
export const registerPg = async (db: DbOrTx, model: string, version: string, a: TinyArtifact) => {
  const stored = await storeModelArtifact({ ctx: { db }, bytes: a.bytes });
  await registerModelVersion({
    ctx: { db },
    input: {
      model,
      version,
      artifactUri: stored.uri,
      artifactSha256: a.sha256,
      labels: a.labels,
      training: a.training,
    },
  });
  return stored.uri;
};

/** Writes an artifact into `dir` and registers it as a `file://` version (optionally a person's). */
export const registerFile = async (
  db: DbOrTx,
  dir: string,
  model: string,
  version: string,
  a: TinyArtifact,
  userId: string | null = null,
) => {
  const path = join(dir, `${model}-${version}.onnx`);
  await writeFile(path, a.bytes);
  await registerModelVersion({
    ctx: { db },
    input: {
      model,
      version,
      userId,
      artifactUri: pathToFileURL(path).href,
      artifactSha256: a.sha256,
      labels: a.labels,
    },
  });
  return path;
};

/** A transaction as the contracts carry it (money out negative). */
export const item = (description: string, amount = "-25.00") => ({
  description,
  merchant: null,
  amount,
  currency: "GBP",
  date: "2017-01-03",
});

/**
 * The real ML service (registry, routing, routes) on a fresh database, exercised in-process
 * with `app.request()`. Logs are collected in `logs`. Nothing is served until the test
 * registers versions and calls `ml.sync()` (or passes them before `start`).
 */
export const startMlHarness = async ({
  env = {},
  load,
  database: given,
  start = true,
  onCorrection,
}: {
  onCorrection?: (userId: string) => Promise<void>;
  env?: Record<string, string>;
  load?: ArtifactLoader;
  database?: TestDatabase;
  start?: boolean;
} = {}) => {
  const database = given ?? (await createTestDatabase());
  const dir = await mkdtemp(join(tmpdir(), "fincoach-ml-"));
  const config = toMlConfig(
    MlEnv.parse({
      DATABASE_URL: database.url,
      HOST: "127.0.0.1",
      PORT: "18080",
      MODEL_REFRESH_SECONDS: "3600",
      TRAINING_WORKER: "false",
      ...env,
    }),
  );
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: "ml",
    level: "debug",
    destination: { write: (line: string) => void logs.push(JSON.parse(line)) },
  });
  const metrics = createMetrics("ml");
  const ml = createMlService({ database, config, logger, registry: metrics.registry, ...(load ? { load } : {}) });
  if (start) await ml.start();
  const { app } = createMlListener({
    deps: { ml, redis: null, metricsRegistry: metrics.registry, ...(onCorrection ? { onCorrection } : {}) },
    logger,
    metrics,
    hostname: "127.0.0.1",
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.headers = { "content-type": "application/json" };
      init.body = JSON.stringify(body);
    }
    const res = await app.request(path, init);
    const text = await res.text();
    const json = text && /json/.test(res.headers.get("content-type") ?? "") ? JSON.parse(text) : undefined;
    return { status: res.status, headers: res.headers, json, text };
  };
  const newUser = async () => {
    const [user] = await database.db
      .insert(users)
      .values({ email: `u${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" })
      .returning();
    return user!.id;
  };
  return {
    ml,
    app,
    database,
    dir,
    config,
    logs,
    metrics,
    call,
    newUser,
    close: async () => {
      await ml.close();
      await rm(dir, { recursive: true, force: true });
      if (!given) await database.drop();
    },
  };
};
