import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type OpenAIStandIn, startOpenAIStandIn } from "@fincoach/testing";
import { type NudgeLlmConfig, newLlmClient, writeWithLlm } from "./llm-writer.ts";
import { FIXTURES } from "./nudge-fixtures.test-support.ts";

const KEY = "sk-test-4f9c2b7e1a";

describe("the LLM writer against an OpenAI chat-completions stand-in", () => {
  let standIn: OpenAIStandIn;
  let config: NudgeLlmConfig;
  before(async () => {
    standIn = await startOpenAIStandIn({ apiKey: KEY });
    config = { baseUrl: standIn.baseUrl, model: "coach-small", apiKey: KEY, maxTokens: 120, timeoutMs: 300 };
  });
  after(() => standIn.close());

  const write = (fixture = FIXTURES.budgetSlip) => writeWithLlm(newLlmClient(config), config, fixture, "en-US", 280);

  test("a good answer is accepted; the request carries the schema, the token budget and the facts as data", async () => {
    standIn.mode = "good";
    const outcome = await write();
    assert.deepEqual(outcome, { ok: true, text: "Quick update: 1320.00, 1500.00, 1980.00 USD. Keep going!" });
    const request = standIn.requests.at(-1)!;
    assert.equal(request.authorization, `Bearer ${KEY}`);
    assert.equal(request.body.model, "coach-small");
    assert.equal(request.body.max_tokens, 120);
    const format = request.body.response_format as { type: string; json_schema: { name: string; strict: boolean } };
    assert.equal(format.type, "json_schema");
    assert.equal(format.json_schema.strict, true);
    const [system, user] = request.body.messages as { role: string; content: string }[];
    assert.equal(system!.role, "system");
    assert.doesNotMatch(system!.content, /1980/, "figures go in the data, not the instructions");
    assert.deepEqual(JSON.parse(user!.content).facts, FIXTURES.budgetSlip.facts);
  });

  test("invented numbers fall back with the number named", async () => {
    standIn.mode = "invented_numbers";
    assert.deepEqual(await write(), { ok: false, reason: "invented_number: 9999.99" });
  });

  test("invalid JSON falls back", async () => {
    standIn.mode = "invalid_json";
    assert.deepEqual(await write(), { ok: false, reason: "invalid_json" });
  });

  test("securities advice falls back", async () => {
    standIn.mode = "securities_advice";
    assert.deepEqual(await write(), { ok: false, reason: "securities_advice" });
  });

  test("no answer within the client's timeout falls back", async () => {
    standIn.mode = "timeout";
    assert.deepEqual(await write(), { ok: false, reason: "timeout" });
  });

  test("a refused key falls back with the status, and the reason never holds the key", async () => {
    standIn.mode = "good";
    const wrong = { ...config, apiKey: "sk-wrong-key" };
    const outcome = await writeWithLlm(newLlmClient(wrong), wrong, FIXTURES.debtFreed, "en", 280);
    assert.deepEqual(outcome, { ok: false, reason: "request_failed: AuthenticationError 401" });
  });

  test("an answer over the length limit falls back", async () => {
    standIn.mode = "good";
    const outcome = await writeWithLlm(newLlmClient(config), config, FIXTURES.budgetSlip, "en", 20);
    assert.deepEqual(outcome, { ok: false, reason: "too_long" });
  });
});
