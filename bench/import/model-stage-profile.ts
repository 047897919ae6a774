import { ML_METRICS, ScoreResponse } from "@fincoach/contracts";
import type { ModelScoreInput } from "@fincoach/domain";
import { timed } from "../shared/timing.ts";

/** The sum of the ML service's in-process scoring time (featurize + ONNX run), from its /metrics. */
export const scoringSecondsSoFar = async (mlUrl: string): Promise<number> => {
  const text = await (await fetch(`${mlUrl}/metrics`)).text();
  const sum = new RegExp(`^${ML_METRICS.latency.name}_sum\\{[^}]*\\} ([0-9.eE+-]+)$`, "gm");
  let total = 0;
  for (const m of text.matchAll(sum)) total += Number(m[1]);
  return total;
};

export type ClientDecode = {
  /** One batch's request and response bodies. */
  requestBytes: number;
  responseBytes: number;
  /** JSON.stringify of the request, and JSON.parse + ScoreResponse.parse of the answer, per batch (ms). */
  encodeMs: number;
  decodeMs: number;
};

/**
 * What the caller's side of one batch costs besides waiting: the HTTP model stage stringifies
 * the request and parses and validates the answer (zod) in the importing process, on the
 * same cores as the COPY. Measured over `repeat` passes on one real answer.
 */
export const clientDecodeCost = async (
  mlUrl: string,
  userId: string,
  batch: readonly ModelScoreInput[],
  repeat = 20,
): Promise<ClientDecode> => {
  const body = JSON.stringify({ userId, items: batch });
  const res = await fetch(`${mlUrl}/v1/score`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST /v1/score: ${res.status} ${text.slice(0, 200)}`);
  const encode = await timed(async () => {
    for (let i = 0; i < repeat; i++) JSON.stringify({ userId, items: batch });
  });
  const decode = await timed(async () => {
    for (let i = 0; i < repeat; i++) ScoreResponse.parse(JSON.parse(text));
  });
  return {
    requestBytes: Buffer.byteLength(body),
    responseBytes: Buffer.byteLength(text),
    encodeMs: (encode.seconds * 1000) / repeat,
    decodeMs: (decode.seconds * 1000) / repeat,
  };
};
