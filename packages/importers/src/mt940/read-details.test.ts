import assert from "node:assert/strict";
import { test } from "node:test";
import { readDetails } from "./read-details.ts";

test("German subfields: SVWZ purpose, ?32/?33 name joined mid-word, ?00 posting text", () => {
  const text = "166?00GUTSCHRIFT?20EREF+E2E?21SVWZ+Invoice 42 for?22 March?32ACME Hold?33ings GmbH";
  assert.deepEqual(readDetails(text), {
    description: "Invoice 42 for March",
    merchant: "ACME Holdings GmbH",
    notes: "GUTSCHRIFT",
  });
});

test("German subfields without SEPA tags use the whole purpose; Triodos writes '>' instead of '?'", () => {
  assert.deepEqual(readDetails("000>100987654321\n>20ALGEMENE KOS>21TEN"), { description: "ALGEMENE KOSTEN" });
});

test("SEPA tags but no SVWZ: the posting text describes it", () => {
  assert.deepEqual(readDetails("105?00Basislastschrift?20EREF+1?21MREF+2"), {
    description: "Basislastschrift",
    notes: "Basislastschrift",
  });
});

test("Dutch slash keys: REMI is the description, NAME the merchant, wrapped lines rejoined", () => {
  assert.deepEqual(readDetails("/EREF/x/BENM//NAME/CONTRA ACCOUN\nT HOLDER/REMI/Invoice 7/ISDT/2013-07-11"), {
    description: "Invoice 7",
    merchant: "CONTRA ACCOUNT HOLDER",
  });
});

test("free text is collapsed; empty details give nothing", () => {
  assert.deepEqual(readDetails("BEA   NR:XXX1234\n21.05.11/12.54 DIRCKIII"), {
    description: "BEA NR:XXX1234 21.05.11/12.54 DIRCKIII",
  });
  assert.deepEqual(readDetails(""), {});
});
