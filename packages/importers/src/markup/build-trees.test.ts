import assert from "node:assert/strict";
import { test } from "node:test";
import { isAppError } from "@fincoach/errors";
import { buildOfxTree } from "../ofx/build-ofx-tree.ts";
import { buildXmlTree } from "./build-xml-tree.ts";
import { at, type MarkupNode, textAt } from "./markup-node.ts";

const shape = (n: MarkupNode): unknown =>
  n.children.length ? { [n.name]: n.children.map(shape) } : `${n.name}=${n.text.trim()}`;

test("OFX SGML: leaves close at the next tag, aggregates at their end tag", () => {
  const tree = buildOfxTree("<OFX><A><B>1<C>two words\n<D></D></A><E>3</OFX>", 0);
  assert.deepEqual(shape(at(tree, "OFX") as MarkupNode), { OFX: [{ A: ["B=1", "C=two words", "D="] }, "E=3"] });
});

test("OFX SGML: an empty leaf hands the elements it swallowed back to its parent", () => {
  const tree = buildOfxTree("<OFX><T><NAME><MEMO>m<AMT>1</T></OFX>", 0);
  assert.deepEqual(shape(at(tree, "OFX") as MarkupNode), { OFX: [{ T: ["NAME=", "MEMO=m", "AMT=1"] }] });
});

test("OFX SGML: an aggregate whose end tag is missing keeps its children; one never nests in itself", () => {
  // No </BANKTRANLIST> before <LEDGERBAL> (a real card export), and a forgotten </STMTTRN>.
  const tree = buildOfxTree(
    "<OFX><STMTRS><BANKTRANLIST><STMTTRN><TRNAMT>1<STMTTRN><TRNAMT>2</STMTTRN><LEDGERBAL><BALAMT>3</LEDGERBAL></STMTRS></OFX>",
    0,
  );
  assert.deepEqual(shape(at(tree, "OFX") as MarkupNode), {
    OFX: [
      {
        STMTRS: [{ BANKTRANLIST: [{ STMTTRN: ["TRNAMT=1"] }, { STMTTRN: ["TRNAMT=2"] }, { LEDGERBAL: ["BALAMT=3"] }] }],
      },
    ],
  });
});

test("OFX: stray end tags are ignored, lower-case tags upper-cased, entities and CDATA decoded", () => {
  const tree = buildOfxTree("<ofx><name>T&amp;T &#233;</name></BANKID><memo><![CDATA[a <b>]]></memo></ofx>", 0);
  assert.equal(textAt(tree, "OFX", "NAME"), "T&T é");
  assert.equal(textAt(tree, "OFX", "MEMO"), "a <b>");
});

test("XML: namespaces dropped, attributes kept, lines recorded", () => {
  const root = buildXmlTree(
    '<?xml version="1.0"?>\n<ns:Doc xmlns:ns="x">\n  <ns:Amt Ccy="EUR">1.5</ns:Amt>\n<E/></ns:Doc>',
  );
  assert.equal(root.name, "Doc");
  const amt = at(root, "Amt");
  assert.deepEqual([amt?.attrs?.Ccy, amt?.text, amt?.line], ["EUR", "1.5", 3]);
  assert.equal(at(root, "E")?.text, "");
});

test("XML: mismatched, unclosed and extra roots are VALIDATION errors naming the line", () => {
  for (const [xml, path] of [
    ["<a>\n<b></a>", "line 2"],
    ["<a>\n<b>", "line 2"],
    ["<a/>\n<b/>", "line 2"],
    ["<a><!-- x", "line 1"],
  ] as const) {
    assert.throws(
      () => buildXmlTree(xml),
      (e) => isAppError(e) && e.code === "VALIDATION" && e.issues[0]?.path === path,
      xml,
    );
  }
});
