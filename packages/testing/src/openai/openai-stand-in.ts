import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * How the stand-in answers `POST /v1/chat/completions`:
 * - good: a JSON `{"text"}` quoting only figures from the request's data;
 * - invented_numbers: the same plus a figure nobody gave it;
 * - invalid_json: content that is not JSON;
 * - timeout: never answers (the connection stays open until the client gives up or close());
 * - securities_advice: figures from the data, and advice to sell stocks and buy an ETF.
 */
export const OPENAI_STAND_IN_MODES = [
  "good",
  "invented_numbers",
  "invalid_json",
  "timeout",
  "securities_advice",
] as const;
export type OpenAIStandInMode = (typeof OPENAI_STAND_IN_MODES)[number];

/** One request as received: for tests that check what was sent (model, budget, schema, data). */
export type OpenAIRequestRecord = { authorization: string | undefined; body: Record<string, unknown> };

export type OpenAIStandIn = {
  /** The base URL a client takes (`…/v1`). */
  baseUrl: string;
  mode: OpenAIStandInMode;
  requests: OpenAIRequestRecord[];
  close: () => Promise<void>;
};

type Message = { role: string; content: string };

/** The user message's JSON data (the figures), or {} if it is not JSON. */
const dataOf = (body: Record<string, unknown>): Record<string, unknown> => {
  const user = (body.messages as Message[] | undefined)?.find((m) => m.role === "user");
  try {
    const parsed = JSON.parse(user?.content ?? "{}") as { facts?: Record<string, unknown> };
    return parsed.facts ?? {};
  } catch {
    return {};
  }
};

/** A message quoting the data's decimal figures as given, and nothing else numeric. */
const goodText = (facts: Record<string, unknown>): string => {
  const figures = Object.values(facts).filter((v) => typeof v === "string" && /^\d+\.\d+$/.test(v));
  return `Quick update: ${figures.slice(0, 3).join(", ")} ${String(facts.currency ?? "")}. Keep going!`;
};

const contentFor = (mode: OpenAIStandInMode, facts: Record<string, unknown>): string => {
  if (mode === "invalid_json") return '{"text": "Great job, you saved';
  if (mode === "invented_numbers") return JSON.stringify({ text: `${goodText(facts)} You could save 9,999.99 more.` });
  if (mode === "securities_advice")
    return JSON.stringify({ text: `${goodText(facts)} Sell your stocks and buy an ETF instead.` });
  return JSON.stringify({ text: goodText(facts) });
};

/** OpenAI's chat.completion object (choices[0].message.content, finish_reason, usage). */
const completion = (body: Record<string, unknown>, content: string) => ({
  id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
  object: "chat.completion",
  created: Math.floor(Date.now() / 1000),
  model: String(body.model ?? "stand-in"),
  choices: [
    { index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" },
  ],
  usage: {
    prompt_tokens: 100,
    completion_tokens: Math.ceil(content.length / 4),
    total_tokens: 100 + Math.ceil(content.length / 4),
  },
});

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

/** OpenAI's error object. */
const apiError = (message: string, type: string, code: string | null) => ({
  error: { message, type, param: null, code },
});

/**
 * A local server following OpenAI's chat-completions contract, for tests of an LLM client
 * without the network. `apiKey`, when given, is required as `Authorization: Bearer` (401
 * otherwise, as OpenAI answers). `mode` may be changed between requests.
 */
export const startOpenAIStandIn = async (
  o: { mode?: OpenAIStandInMode; apiKey?: string } = {},
): Promise<OpenAIStandIn> => {
  const requests: OpenAIRequestRecord[] = [];
  const state = { mode: o.mode ?? "good" } as { mode: OpenAIStandInMode };
  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/v1/chat/completions")
      return send(res, 404, apiError(`Unknown request URL: ${req.method} ${req.url}`, "invalid_request_error", null));
    const text = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return send(
        res,
        400,
        apiError("We could not parse the JSON body of your request.", "invalid_request_error", null),
      );
    }
    requests.push({ authorization: req.headers.authorization, body });
    if (o.apiKey !== undefined && req.headers.authorization !== `Bearer ${o.apiKey}`)
      return send(res, 401, apiError("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
    if (!Array.isArray(body.messages) || typeof body.model !== "string")
      return send(res, 400, apiError("'model' and 'messages' are required", "invalid_request_error", null));
    if (state.mode === "timeout") return; // hold the request: the client's timeout decides
    send(res, 200, completion(body, contentFor(state.mode, dataOf(body))));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    get mode() {
      return state.mode;
    },
    set mode(m: OpenAIStandInMode) {
      state.mode = m;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
