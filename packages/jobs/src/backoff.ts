import type { BackoffStrategy } from "bullmq";
import type { QueueSettings } from "./queues.ts";

/**
 * The delay before retry number `attemptsMade` (1 = first retry): exponential from
 * `backoffBaseMs`, capped at `backoffCapMs`, then "equal jitter": a uniform pick in the
 * upper half of that ceiling. The jitter spreads jobs that failed together (a provider
 * outage) so they do not all come back at the same instant; keeping the lower half out
 * still guarantees a real pause. BullMQ's built-in exponential backoff has jitter but no
 * cap, hence a custom strategy.
 */
export const retryDelayMs = (
  attemptsMade: number,
  settings: Pick<QueueSettings, "backoffBaseMs" | "backoffCapMs">,
  random: () => number = Math.random,
): number => {
  const exponent = Math.max(0, attemptsMade - 1);
  // 2 ** exponent overflows to Infinity long before it matters; min() keeps the cap.
  const ceiling = Math.min(settings.backoffCapMs, settings.backoffBaseMs * 2 ** exponent);
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
};

/** The worker's `settings.backoffStrategy` for a queue. */
export const backoffStrategy =
  (settings: Pick<QueueSettings, "backoffBaseMs" | "backoffCapMs">, random?: () => number): BackoffStrategy =>
  (attemptsMade) =>
    retryDelayMs(attemptsMade, settings, random);
