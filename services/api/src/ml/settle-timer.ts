import type { Db } from "@fincoach/db";
import { settleAcceptedCategories } from "@fincoach/domain";
import type { Logger } from "@fincoach/logging";

/**
 * Settles kept model choices as accepted feedback every `intervalMs` (0: never). Every API
 * process may run it: the use case is idempotent and queues concurrent runs on an
 * advisory lock. A run still going when the next is due is not doubled.
 */
export const startSettleTimer = ({
  db,
  intervalMs,
  windowMs,
  logger,
}: {
  db: Db;
  intervalMs: number;
  windowMs: number;
  logger: Logger;
}): { stop: () => Promise<void> } => {
  if (intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= settleAcceptedCategories({ db, now: new Date(), window: windowMs })
      .then(({ settled }) => {
        if (settled > 0) logger.info({ settled }, "model categories settled as accepted");
      })
      .catch((e: unknown) =>
        logger.warn({ err: e instanceof Error ? e.message : String(e) }, "settling accepted categories failed"),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
};
