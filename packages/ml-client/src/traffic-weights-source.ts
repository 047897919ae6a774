import { readFile, stat } from "node:fs/promises";
import { parseTrafficWeights, TRAFFIC_WEIGHTS_KEY, type TrafficWeights } from "@fincoach/contracts";

export type TrafficWeightsSource = () => Promise<TrafficWeights | null>;

/**
 * The operator's traffic-weights document from a mounted file, re-read when its
 * modification time changes (checked at most every `recheckMs`): the kubelet swaps a
 * ConfigMap volume's files in place, so weights change without a restart. A document that
 * does not parse is reported to `onInvalid` and the last good one keeps routing; before
 * any good one, null (the caller falls back to ML_URL).
 */
export const trafficWeightsSource = ({
  path,
  recheckMs = 5000,
  now = Date.now,
  onInvalid,
}: {
  path: string;
  recheckMs?: number;
  now?: () => number;
  onInvalid: (error: string) => void;
}): TrafficWeightsSource => {
  let current: TrafficWeights | null = null;
  let seenVersion = "";
  let checkedAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<void> | undefined;
  const refresh = async () => {
    try {
      const s = await stat(path);
      const version = `${s.mtimeMs}:${s.size}:${s.ino}`;
      if (version === seenVersion) return;
      seenVersion = version;
      current = parseTrafficWeights({ [TRAFFIC_WEIGHTS_KEY]: await readFile(path, "utf8") });
    } catch (e) {
      onInvalid(e instanceof Error ? e.message : String(e));
    }
  };
  return async () => {
    if (now() - checkedAt >= recheckMs) {
      checkedAt = now();
      pending ??= refresh().finally(() => {
        pending = undefined;
      });
    }
    if (pending) await pending;
    return current;
  };
};
