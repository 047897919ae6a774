import type { LookupFunction } from "node:net";
import { Agent, request } from "undici";
import type { WebhookTarget } from "./resolve-webhook-target.ts";

/** What one HTTP attempt came to: a status code, or an error before there was one. */
export type PostOutcome = { statusCode: number | null; error: string | null; durationMs: number };

/** Bytes of a receiver's answer read (and dropped): a hostile receiver cannot make the worker buffer more. */
export const RESPONSE_BODY_LIMIT = 64 * 1024;

/**
 * POSTs the signed body to the checked address only. The URL keeps its host name (TLS SNI
 * and certificate checks, the Host header) but every connection's DNS lookup answers the
 * address `resolveWebhookTarget` checked: a name that resolves differently a second time
 * (DNS rebinding) still reaches the checked address. Redirects are not followed (a 3xx is a
 * failure), so a receiver cannot bounce the request into the private network either.
 */
export const postWebhook = async (
  target: WebhookTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostOutcome> => {
  const pinned: LookupFunction = (_host, options, callback) => {
    // net.connect asks for every address (autoSelectFamily) or one; both get the checked one.
    if ((options as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    else callback(null, target.address, target.family);
  };
  const agent = new Agent({
    connect: { lookup: pinned, timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    maxResponseSize: RESPONSE_BODY_LIMIT,
    // One request per agent: nothing is pooled across deliveries or receivers.
    pipelining: 0,
  });
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const res = await request(target.url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "user-agent": "FinCoach-Webhooks/1", ...headers },
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body.dump({ limit: RESPONSE_BODY_LIMIT }).catch(() => {});
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    return {
      statusCode: res.statusCode,
      error: ok
        ? null
        : res.statusCode >= 300 && res.statusCode < 400
          ? "redirect not followed"
          : `HTTP ${res.statusCode}`,
      durationMs: durationMs(),
    };
  } catch (e) {
    const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
    const code = err.cause?.code ?? err.code;
    return {
      statusCode: null,
      error: `${code ? `${code}: ` : ""}${err.message}`.slice(0, 300),
      durationMs: durationMs(),
    };
  } finally {
    agent.destroy().catch(() => {});
  }
};
