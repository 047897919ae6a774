import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type OpenAIStandIn, startOpenAIStandIn } from "./openai-stand-in.ts";

type Completion = {
  object: string;
  model: string;
  choices: { message: { role: string; content: string }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

describe("OpenAI chat-completions stand-in: the contract", () => {
  let s: OpenAIStandIn;
  before(async () => {
    s = await startOpenAIStandIn({ apiKey: "sk-k" });
  });
  after(() => s.close());

  const post = (body: unknown, key = "sk-k", path = "/chat/completions") =>
    fetch(`${s.baseUrl}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const request = {
    model: "m",
    messages: [
      { role: "system", content: "be brief" },
      { role: "user", content: JSON.stringify({ facts: { amount: "12.50", currency: "EUR" } }) },
    ],
  };

  test("a chat.completion object: choices[0].message.content, finish_reason, usage", async () => {
    s.mode = "good";
    const res = await post(request);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Completion;
    assert.equal(body.object, "chat.completion");
    assert.equal(body.model, "m");
    const choice = body.choices[0]!;
    assert.equal(choice.message.role, "assistant");
    assert.equal(choice.finish_reason, "stop");
    assert.deepEqual(JSON.parse(choice.message.content), { text: "Quick update: 12.50 EUR. Keep going!" });
    assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  test("OpenAI's error objects: 401 for a wrong key, 400 for a bad body, 404 for another path", async () => {
    const wrong = await post(request, "sk-other");
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, "invalid_api_key");
    assert.equal((await post("{nope")).status, 400);
    assert.equal((await post({ messages: [] })).status, 400);
    assert.equal((await post(request, "sk-k", "/completions")).status, 404);
  });

  test("misbehaving modes", async () => {
    const content = async () => ((await (await post(request)).json()) as Completion).choices[0]?.message.content ?? "";
    s.mode = "invalid_json";
    const invalid = await content();
    assert.throws(() => JSON.parse(invalid));
    s.mode = "invented_numbers";
    assert.match(await content(), /9,999\.99/);
    s.mode = "securities_advice";
    assert.match(await content(), /Sell your stocks/);
  });

  test("timeout: the request is held until the client gives up", async () => {
    s.mode = "timeout";
    await assert.rejects(
      fetch(`${s.baseUrl}/chat/completions`, {
        method: "POST",
        headers: { authorization: "Bearer sk-k", "content-type": "application/json" },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(200),
      }),
      { name: "TimeoutError" },
    );
  });
});
