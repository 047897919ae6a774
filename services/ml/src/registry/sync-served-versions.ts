import type { DbOrTx } from "@fincoach/db";
import { listModelVersions, registerModelVersion } from "@fincoach/domain";
import type { Logger } from "@fincoach/logging";
import type { PinnedVersion } from "../env.ts";
import type { ModelRegistry } from "./model-registry.ts";
import type { VersionRef } from "./version-ref.ts";

export type ServedVersionsPlan = {
  /** In-cluster mode: the one version this pod serves. Null: laptop mode, every shared version. */
  pinned: PinnedVersion | null;
  /** Versions scored in shadow; loaded from the registry wherever they are registered. */
  shadow: readonly { model: string; version: string }[];
};

/**
 * Brings the registry in line with the plan: the pinned version (registered in PostgreSQL if
 * absent, so its feedback and stats have a row to belong to), or every shared version
 * registered; plus the shadow versions. Run at start-up and then periodically (laptop mode
 * picks up versions trained after it started). A refusal is logged by the registry and
 * does not stop the others.
 */
export const syncServedVersions = async ({
  db,
  registry,
  plan,
  logger,
}: {
  db: DbOrTx;
  registry: ModelRegistry;
  plan: ServedVersionsPlan;
  logger: Logger;
}): Promise<void> => {
  const refs: VersionRef[] = plan.pinned ? [] : await listModelVersions({ ctx: { db }, filter: { userId: null } });
  for (const { model, version } of plan.shadow) {
    const [row] = (await listModelVersions({ ctx: { db }, filter: { model } })).filter((r) => r.version === version);
    if (row) refs.push(row);
    else logger.warn({ model, version }, "shadow version is not registered");
  }
  if (plan.pinned) await servePinned(db, registry, plan.pinned, logger);
  await Promise.all(refs.map((ref) => registry.ensure(ref)));
};

/**
 * The operator's env is the truth for the pinned version (its spec pins URI and digest); the
 * registry row follows it. Labels come from the file when the env names none.
 */
const servePinned = async (db: DbOrTx, registry: ModelRegistry, pinned: PinnedVersion, logger: Logger) => {
  const ref: VersionRef = { ...pinned, userId: null, training: {}, createdAt: new Date() };
  const loaded = await registry.ensure(ref);
  if (!loaded) return;
  try {
    await registerModelVersion({
      ctx: { db },
      input: {
        model: pinned.model,
        version: pinned.version,
        artifactUri: pinned.artifactUri,
        artifactSha256: pinned.artifactSha256,
        format: pinned.format,
        labels: [...loaded.artifact.labels],
        training: loaded.artifact.training,
      },
    });
  } catch (e) {
    // Serving does not depend on the row; a name registered with another digest is worth a line.
    logger.warn({ model: pinned.model, version: pinned.version, err: (e as Error).message }, "cannot register");
  }
};
