import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { KubeConnection } from "./kube-connection.ts";

/** A `metav1.Status`, as the apiserver explains a failed request. */
export type Status = { kind?: string; status?: string; message?: string; reason?: string; code?: number };

/** A request the apiserver answered with a non-2xx status; `body` is its Status when it sent one. */
export class KubeApiError extends Error {
  readonly code: number;
  readonly body: Status | string;

  constructor(method: string, path: string, code: number, body: Status | string) {
    const message = typeof body === "string" ? body.slice(0, 300) : (body.message ?? body.reason ?? "");
    super(`${method} ${path}: HTTP ${code}${message ? `: ${message}` : ""}`);
    this.name = "KubeApiError";
    this.code = code;
    this.body = body;
  }
}

/** One line of a watch stream. */
export type WatchEvent<T = unknown> = {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: T;
};

export type Query = Record<string, string | number | boolean | undefined>;

export type RequestOptions = {
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** @default "application/json" when there is a body */
  contentType?: string;
  signal?: AbortSignal;
};

/** Content types of the apiserver's PATCH flavours. */
export const PATCH_CONTENT_TYPES = {
  apply: "application/apply-patch+yaml",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  json: "application/json-patch+json",
} as const;
export type PatchType = keyof typeof PATCH_CONTENT_TYPES;

const REQUEST_TIMEOUT_MS = 30_000;

const withQuery = (path: string, query: Query | undefined): string => {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
};

const parseBody = (text: string): Status | string => {
  try {
    return JSON.parse(text) as Status;
  } catch {
    return text;
  }
};

/**
 * JSON over the apiserver's REST API on the connection's shared keep-alive pool: plain
 * requests (whose answers are returned as parsed JSON, exactly as a watch delivers
 * objects) and watches (newline-delimited events). Nothing is re-serialised through
 * generated models, so every field, known or not, round-trips.
 */
export class KubeHttp {
  readonly connection: KubeConnection;
  readonly #userAgent: string;
  readonly #signal: AbortSignal | undefined;

  /** With `signal`, every request (and watch) this client sends aborts when it does. */
  constructor(connection: KubeConnection, options: { userAgent?: string; signal?: AbortSignal } = {}) {
    this.connection = connection;
    this.#userAgent = options.userAgent ?? "fincoach";
    this.#signal = options.signal;
  }

  /**
   * The same client on the same connection pool, whose every request also aborts with
   * `signal`: a leader's writes end when its leadership does, not after it.
   */
  withSignal(signal: AbortSignal): KubeHttp {
    return new KubeHttp(this.connection, {
      userAgent: this.#userAgent,
      signal: this.#signal ? AbortSignal.any([this.#signal, signal]) : signal,
    });
  }

  /** Sends one request; resolves with the parsed JSON answer, rejects with {@link KubeApiError}. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const fullPath = withQuery(path, options.query);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const response = await this.#send(method, fullPath, {
      accept: "application/json",
      payload,
      contentType: options.contentType ?? "application/json",
      signal: options.signal,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    const text = await readAll(response);
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) throw new KubeApiError(method, path, status, parseBody(text));
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Opens a watch on a collection and calls `onEvent` for every event. Resolves once the
   * server has accepted the watch, with `ended`: resolves when the server ends the stream
   * (or `signal` aborts), rejects when it fails. No data for `idleTimeoutMs` counts as a
   * failure: a dead connection would otherwise wait forever.
   */
  async watch<T>(
    path: string,
    query: Query,
    onEvent: (event: WatchEvent<T>) => void,
    options: { signal?: AbortSignal; idleTimeoutMs: number },
  ): Promise<{ ended: Promise<void> }> {
    const fullPath = withQuery(path, { ...query, watch: "true" });
    const response = await this.#send("GET", fullPath, {
      accept: "application/json",
      signal: options.signal,
      timeoutMs: options.idleTimeoutMs,
    });
    const status = response.statusCode ?? 0;
    if (status !== 200) throw new KubeApiError("WATCH", path, status, parseBody(await readAll(response)));
    const ended = new Promise<void>((resolve, reject) => {
      let buffered = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        buffered += chunk;
        // One pass over the text per chunk, however many events a burst packs into it.
        let start = 0;
        for (let newline = buffered.indexOf("\n"); newline >= 0; newline = buffered.indexOf("\n", start)) {
          const line = buffered.slice(start, newline);
          start = newline + 1;
          if (!line.trim()) continue;
          try {
            onEvent(JSON.parse(line) as WatchEvent<T>);
          } catch (error) {
            response.destroy(error as Error);
            return;
          }
        }
        buffered = buffered.slice(start);
      });
      response.on("end", () => resolve());
      response.on("error", (error) => (options.signal?.aborted ? resolve() : reject(error)));
      response.on("close", () => (response.complete || options.signal?.aborted ? resolve() : reject(closedEarly())));
    });
    // A caller that stops listening must not see an unhandled rejection.
    ended.catch(() => {});
    return { ended };
  }

  async #send(
    method: string,
    path: string,
    o: {
      accept: string;
      payload?: string | undefined;
      contentType?: string;
      signal?: AbortSignal | undefined;
      timeoutMs: number;
    },
  ): Promise<IncomingMessage> {
    const { connection } = this;
    const server = connection.server;
    const signals = [this.#signal, o.signal].filter((s) => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    signal?.throwIfAborted();
    const credentials = await connection.credentials();
    // Checked again: making credentials may have taken a while (an exec plugin runs).
    signal?.throwIfAborted();
    const headers: Record<string, string> = {
      ...credentials.headers,
      accept: o.accept,
      "user-agent": this.#userAgent,
    };
    if (o.payload !== undefined) {
      headers["content-type"] = o.contentType ?? "application/json";
      headers["content-length"] = String(Buffer.byteLength(o.payload));
    }
    const send = server.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req: ClientRequest = send(
        {
          host: server.hostname.replace(/^\[|\]$/g, ""),
          port: server.port || (server.protocol === "https:" ? 443 : 80),
          path: `${server.pathname.replace(/\/$/, "")}${path}`,
          method,
          headers,
          agent: credentials.agent,
          signal,
          timeout: o.timeoutMs,
        },
        resolve,
      );
      req.on("timeout", () => req.destroy(timedOut(method, path, o.timeoutMs)));
      req.on("error", reject);
      req.end(o.payload);
    });
  }
}

const readAll = (response: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    response.on("error", reject);
  });

const timedOut = (method: string, path: string, ms: number) =>
  Object.assign(new Error(`${method} ${path}: no answer for ${ms} ms`), { name: "TimeoutError" });

const closedEarly = () => Object.assign(new Error("watch stream closed before it ended"), { name: "WatchClosed" });
