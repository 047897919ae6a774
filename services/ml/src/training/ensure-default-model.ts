import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type LabelledInput, parseTransactionsCsv } from "@fincoach/categorizer";
import type { DbOrTx } from "@fincoach/db";
import { listModelVersions } from "@fincoach/domain";
import type { Logger } from "@fincoach/logging";
import type { ArtifactStoreConfig } from "../env.ts";
import { type TrainedVersion, trainVersion } from "./train-version.ts";

/** The shipped, human-labelled data the default model learns from (testdata/transactions/SOURCE.md). */
export const DEFAULT_MODEL_DATA = join(
  import.meta.dirname,
  "../../../../testdata/transactions/birmingham-pcard-2016-12-to-2017-06.csv",
);
/** The version name of the default model trained on first start. */
export const DEFAULT_MODEL_VERSION = "v1";

/** The labelled rows of a transactions CSV (header date, description, amount, currency, category). */
export const readLabelledCsv = async (path: string): Promise<LabelledInput[]> =>
  parseTransactionsCsv(await readFile(path, "utf8"), path, true).flatMap((r) =>
    r.category === undefined
      ? []
      : [{ description: r.description, amount: r.amount, merchant: r.merchant, date: r.date, category: r.category }],
  );

/**
 * Makes sure a shared version of `model` is registered, so a new person is categorized from
 * their first transaction: when none is, trains one from the shipped data into `store`. Two
 * processes racing here train the same bytes and both end up with the one registration.
 * Resolves null when a version already existed.
 */
export const ensureDefaultModel = async ({
  db,
  model,
  store,
  logger,
  data = DEFAULT_MODEL_DATA,
}: {
  db: DbOrTx;
  model: string;
  store: ArtifactStoreConfig;
  logger: Logger;
  data?: string;
}): Promise<TrainedVersion | null> => {
  const existing = await listModelVersions({ ctx: { db }, filter: { model, userId: null, limit: 1 } });
  if (existing.length > 0) return null;
  logger.info({ model, data }, "no shared version registered: training the default model");
  const rows = await readLabelledCsv(data);
  const trained = await trainVersion(db, { rows, model, version: DEFAULT_MODEL_VERSION, userId: null, store });
  logger.info(
    { model, version: DEFAULT_MODEL_VERSION, uri: trained.artifact.uri, seconds: trained.seconds },
    "default model registered",
  );
  return trained;
};
