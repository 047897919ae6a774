import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parseTransactionEmail } from "./parse-transaction-email.ts";
import { CORPUS_DIR } from "./test-support/corpus.ts";
import { rfc822 } from "./test-support/rfc822.ts";

const MULTIPLE = "uk-receipts/uk_amazon_email/sample_html/amazon-order-2018-12-11-multiple.html";
const MESSAGE_ID = "amazon-order-2018-12-11-multiple.html@derived.test";

/**
 * Derived from the corpus's real two-order Amazon mail (testdata/emails, left untouched): the
 * second order's "Placed on" line removed in memory, and no Date header, so the first order is
 * dated by its body and the second by nothing at all.
 */
const secondOrderUndated = (): string => {
  const body = readFileSync(new URL(MULTIPLE, CORPUS_DIR), "utf8");
  const placed = [...body.matchAll(/Placed on December 11, 2018/g)];
  assert.equal(placed.length, 2, "the corpus mail changed: this test removes its second order's date");
  const at = placed[1]?.index ?? 0;
  const undated = body.slice(0, at) + body.slice(at + "Placed on December 11, 2018".length);
  const mail = rfc822(
    {
      from: "Amazon.co.uk <auto-confirm@amazon.co.uk>",
      subject: "Your Amazon.co.uk order",
      date: "",
      messageId: MESSAGE_ID,
    },
    undated,
    "text/html",
  );
  return mail.replace(/^Date: \r\n/m, "");
};

describe("parseTransactionEmail, a mail holding several transactions", () => {
  it("leaves out only the transaction it cannot date, with its reason and id; the others are returned", async () => {
    const raw = secondOrderUndated();
    assert.doesNotMatch(raw, /^Date:/m);
    const result = await parseTransactionEmail(raw);
    assert.equal(result.kind, "transactions", result.kind === "skipped" ? result.reason : "");
    if (result.kind !== "transactions") return;
    assert.deepEqual(
      result.drafts.map(({ confidence: _c, ...fields }) => fields),
      [
        {
          date: "2018-12-11",
          amount: "-69.95",
          currency: "GBP",
          description: "Amazon order 202-1280919-3000348",
          merchant: "Amazon",
          accountHint: null,
          externalId: MESSAGE_ID,
        },
      ],
    );
    // The id it would have had: dated later (the arrival time given), it lands under the same id.
    assert.deepEqual(result.skipped, [{ externalId: `${MESSAGE_ID}:2`, reason: "no date found" }]);
  });

  it("gives the same mail's second transaction that id once it can be dated (arrival time)", async () => {
    const result = await parseTransactionEmail(secondOrderUndated(), { receivedAt: new Date("2018-12-12T08:00:00Z") });
    assert.equal(result.kind, "transactions");
    if (result.kind !== "transactions") return;
    assert.deepEqual(
      result.drafts.map((d) => [d.externalId, d.date, d.amount]),
      [
        [MESSAGE_ID, "2018-12-11", "-69.95"],
        [`${MESSAGE_ID}:2`, "2018-12-12", "-15.99"],
      ],
    );
    assert.deepEqual(result.skipped, []);
  });

  it("skips a mail with no date anywhere as one mail", async () => {
    const body = readFileSync(new URL(MULTIPLE, CORPUS_DIR), "utf8").replaceAll("Placed on December 11, 2018", "");
    const raw = rfc822(
      { from: "Amazon.co.uk <auto-confirm@amazon.co.uk>", subject: "Your order", date: "", messageId: MESSAGE_ID },
      body,
      "text/html",
    ).replace(/^Date: \r\n/m, "");
    assert.deepEqual(await parseTransactionEmail(raw), {
      kind: "skipped",
      messageId: MESSAGE_ID,
      reason: "no date found",
    });
  });
});
