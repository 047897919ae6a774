import { z } from "zod";

/**
 * Prometheus's `/api/v1/query` answer (its documented HTTP API): a vector of
 * `[unixSeconds, "value"]` samples on success, `errorType` and `error` otherwise.
 */
const QueryAnswer = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("success"),
    data: z.object({
      resultType: z.literal("vector"),
      result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
    }),
  }),
  z.object({ status: z.literal("error"), errorType: z.string().optional(), error: z.string() }),
]);

/** Prometheus writes non-finite sample values as `NaN`, `+Inf` and `-Inf`. */
const sampleValue = (text: string): number => {
  if (text === "+Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  return text === "NaN" ? Number.NaN : Number(text);
};

export type InstantQuery = { url: string; promql: string; time: Date; timeoutMs: number; signal?: AbortSignal };

/**
 * Runs an instant query whose answer has at most one sample (an aggregation without
 * `by`) and returns its value: `null` when the vector is empty (no series matched, or
 * fewer than two samples in a range), possibly NaN. Throws on an unreachable or slow
 * Prometheus, on its error answers (with its message), and on more than one sample.
 */
export const querySingleValue = async (q: InstantQuery): Promise<number | null> => {
  const params = new URLSearchParams({
    query: q.promql,
    time: (q.time.getTime() / 1000).toFixed(3),
    // Prometheus gives up too, instead of finishing a query nobody waits for.
    timeout: `${Math.max(1, Math.round(q.timeoutMs))}ms`,
  });
  const endpoint = `${q.url.replace(/\/+$/, "")}/api/v1/query`;
  const signal = q.signal ?? AbortSignal.timeout(q.timeoutMs);
  const response = await fetch(`${endpoint}?${params}`, { signal });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`GET ${endpoint} (${q.promql}): HTTP ${response.status}, not a Prometheus answer`);
  }
  const parsed = QueryAnswer.safeParse(json);
  if (!parsed.success) throw new Error(`GET ${endpoint} (${q.promql}): HTTP ${response.status}, unexpected answer`);
  const answer = parsed.data;
  if (answer.status === "error") {
    throw new Error(`prometheus ${answer.errorType ?? "error"} for ${q.promql}: ${answer.error}`);
  }
  const samples = answer.data.result;
  if (samples.length > 1) throw new Error(`prometheus: ${q.promql} returned ${samples.length} series, expected one`);
  const [sample] = samples;
  return sample ? sampleValue(sample.value[1]) : null;
};
