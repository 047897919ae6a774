import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isCurrencyCode, parseDecimal } from "@fincoach/money";
import fc from "fast-check";
import { parseTransactionEmail } from "./parse-transaction-email.ts";
import { corpusFiles, corpusMessage } from "./test-support/corpus.ts";
import { generateTransactionEmails } from "./test-support/generate-emails.ts";
import type { EmailParseResult } from "./types.ts";

const SENT = "Mon, 1 Jan 2024 10:00:00 +0000";
const corpus = corpusFiles().map((f) => corpusMessage(f, SENT));
const generated = generateTransactionEmails(20, 3).map((m) => Buffer.from(m.raw));
const samples = [...corpus, ...generated];

/** Whatever the input, the result is well formed: a reason, or drafts every field of which is valid. */
const assertWellFormed = (result: EmailParseResult): void => {
  assert.ok(result.messageId.length > 0);
  if (result.kind === "skipped") {
    assert.ok(result.reason.length > 0);
    return;
  }
  assert.equal(result.kind, "transactions");
  assert.ok(result.drafts.length > 0);
  for (const item of result.skipped) {
    assert.ok(item.reason.length > 0);
    assert.ok(item.externalId.startsWith(result.messageId));
  }
  for (const draft of result.drafts) {
    assert.match(draft.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(!Number.isNaN(Date.parse(`${draft.date}T00:00:00Z`)));
    assert.ok(isCurrencyCode(draft.currency), draft.currency);
    // The strict API grammar reads the amount back: exact text, never a float rendering.
    assert.match(draft.amount, /^-?\d+(?:\.\d+)?$/);
    parseDecimal(draft.amount, draft.currency);
    assert.ok(draft.description.length > 0);
    assert.ok(draft.confidence >= 0 && draft.confidence <= 1);
    assert.ok(draft.externalId.startsWith(result.messageId));
  }
};

describe("parseTransactionEmail on odd input", () => {
  it("never throws on random bytes or random text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 4000 }), fc.string({ maxLength: 2000 })), async (raw) => {
        assertWellFormed(await parseTransactionEmail(raw));
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on truncated real and generated mails", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(samples.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), async (i, cut) => {
        const raw = samples[i]!;
        assertWellFormed(await parseTransactionEmail(raw.subarray(0, Math.floor(raw.length * cut))));
      }),
      { numRuns: 200 },
    );
  });

  it("never throws on real mails with bytes overwritten", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(samples.length - 1),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 20,
        }),
        async (i, edits) => {
          const raw = Buffer.from(samples[i]!);
          for (const [at, byte] of edits) raw[Math.floor(at * (raw.length - 1))] = byte;
          assertWellFormed(await parseTransactionEmail(raw));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("skips an empty message and a header-only one with a reason", async () => {
    for (const raw of ["", "Subject: hello\r\n\r\n", new Uint8Array(0)]) {
      const result = await parseTransactionEmail(raw);
      assert.equal(result.kind, "skipped");
      assertWellFormed(result);
    }
  });
});
