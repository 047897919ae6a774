import type { ModelInput } from "@fincoach/categorizer";
import type { Logger } from "@fincoach/logging";
import type { LoadedVersion } from "../registry/model-registry.ts";
import type { PredictionLog } from "./prediction-log.ts";

/** At most this many rows' label pairs go into one shadow log line. */
const LOGGED_ROWS = 50;

/**
 * Scores the rows with each shadow version after the served answer is on its way, and logs
 * both answers side by side. Never awaited by the request and never returned: a shadow
 * version's failure or slowness touches only its own stats.
 */
export const scoreInShadow = async ({
  shadows,
  served,
  servedLabels,
  inputs,
  userId,
  log,
  logger,
}: {
  shadows: readonly LoadedVersion[];
  served: LoadedVersion;
  servedLabels: readonly (string | undefined)[];
  inputs: readonly ModelInput[];
  userId: string;
  log: PredictionLog;
  logger: Logger;
}): Promise<void> => {
  for (const shadow of shadows) {
    const { model, version } = shadow.ref;
    const started = performance.now();
    try {
      // Only the labels are compared and logged: no explanation to compute.
      const scores = await shadow.artifact.score(inputs, undefined, { explain: false });
      log.record(shadow.ref, inputs.length, performance.now() - started, false);
      const pairs = scores.map((s, i) => ({
        served: servedLabels[i] ?? null,
        shadow: s.labels[0]?.label ?? null,
        shadowConfidence: s.labels[0]?.confidence ?? null,
      }));
      logger.info(
        {
          model,
          servedVersion: served.ref.version,
          shadowVersion: version,
          userId,
          rows: inputs.length,
          agreed: pairs.filter((p) => p.served === p.shadow).length,
          pairs: pairs.slice(0, LOGGED_ROWS),
        },
        "shadow scored",
      );
    } catch (e) {
      log.record(shadow.ref, inputs.length, performance.now() - started, true);
      logger.warn({ model, shadowVersion: version, err: (e as Error).message }, "shadow scoring failed");
    }
  }
};
