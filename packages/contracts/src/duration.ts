import { z } from "zod";

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const PART = /(\d+)(ms|s|m|h)/g;

/**
 * A Go/Kubernetes-style duration with at least one `<integer><unit>` part, units `ms`,
 * `s`, `m`, `h` (e.g. `30s`, `1m`, `1h30m`). The same shape the CRDs validate with a
 * pattern, so a `rollout.interval` can be sent as a stats `window` as is.
 */
export const DURATION_PATTERN = "^([0-9]+(ms|s|m|h))+$";

/** Zod schema for a non-zero duration string (see DURATION_PATTERN). */
export const Duration = z
  .string()
  .regex(new RegExp(DURATION_PATTERN), "must be a duration like 30s, 5m or 1h30m")
  // Zod runs refinements after a failed regex too, so the refinement must not throw.
  .refine((d) => !new RegExp(DURATION_PATTERN).test(d) || durationToMs(d) > 0, "must be longer than 0");
export type Duration = z.infer<typeof Duration>;

/** Milliseconds in a duration string; throws RangeError when it is not one. */
export const durationToMs = (duration: string): number => {
  if (!new RegExp(DURATION_PATTERN).test(duration)) throw new RangeError(`not a duration: ${duration}`);
  let ms = 0;
  for (const [, n, unit] of duration.matchAll(PART)) ms += Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return ms;
};
