import { pickVersion, ScoreRequest, ScoreResponse } from "@fincoach/contracts";
import type { ScoreModel } from "@fincoach/domain";
import type { TrafficWeightsSource } from "./traffic-weights-file.ts";

export type HttpScoreModelOptions = {
  /** The ML service's base URL: used when no weights route the person (or there are none). */
  url?: string | undefined;
  /** With `weights`: the chosen version's Service URL, `{service}` replaced (http://{service}:8080). */
  urlTemplate?: string | undefined;
  weights?: TrafficWeightsSource | undefined;
  /** The model whose versions the weights route between. */
  model: string;
  timeoutMs: number;
  fetch?: typeof fetch;
};

/** The base URL for this person's call: their A/B bucket's version's Service, else the plain URL. */
const baseUrlFor = async (o: HttpScoreModelOptions, userId: string): Promise<string> => {
  const weights = o.weights ? await o.weights() : null;
  const version = weights && o.urlTemplate ? pickVersion(weights, o.model, userId) : null;
  if (version && o.urlTemplate) return o.urlTemplate.replaceAll("{service}", version.service);
  if (o.url) return o.url;
  throw new Error(`no ML service to ask: no version of ${o.model} in the traffic weights and no ML_URL`);
};

/**
 * The model stage as an HTTP call to the ML service (`POST /v1/score`, `{userId, items,
 * explain?}` -> `{scores}`), to the version the person's sticky bucket selects when a traffic-weights
 * document is given. Throws on a timeout, a non-2xx answer or a body that breaks the
 * contract; the pipeline then leaves the rows uncategorized and warns.
 */
export const createHttpScoreModel = (o: HttpScoreModelOptions): ScoreModel => {
  const doFetch = o.fetch ?? fetch;
  return async (userId, items, options) => {
    const base = (await baseUrlFor(o, userId)).replace(/\/+$/, "");
    // `explain` only when the caller chose: the body stays as before for everyone else.
    const explain = options?.explain;
    const body = ScoreRequest.parse(explain === undefined ? { userId, items } : { userId, items, explain });
    const res = await doFetch(`${base}/v1/score`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    if (!res.ok) {
      const detail = (await res.text().catch(() => "")).slice(0, 200);
      throw new Error(`ML service ${base} answered ${res.status}: ${detail}`);
    }
    const { scores } = ScoreResponse.parse(await res.json());
    if (scores.length !== items.length)
      throw new Error(`ML service answered ${scores.length} scores for ${items.length} items`);
    return scores;
  };
};
