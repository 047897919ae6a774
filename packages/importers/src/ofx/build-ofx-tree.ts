import { fail } from "../issues.ts";
import { type MarkupNode, newNode } from "../markup/markup-node.ts";
import { scanMarkup } from "../markup/scan-markup.ts";
import { isOfxAggregate } from "./ofx-aggregates.ts";

type Open = { node: MarkupNode; hasText: boolean };
const NON_BLANK = /\S/;
// Real OFX nests about 10 deep; a bound keeps the recursive readers far from the stack limit.
const MAX_DEPTH = 200;

/**
 * Builds a tree from OFX in either dialect. OFX 1.x is SGML: a leaf's end tag is optional
 * (`<TRNAMT>-6.60<FITID>…`), aggregates always close. OFX 2.x is XML, and some "XML" exports
 * (ANZ) still leave leaves open — so one lenient builder reads both:
 * - an element that received text is a leaf; the next start tag closes it;
 * - an end tag closes the nearest open element of that name and everything opened inside it;
 * - an element closed that way without text was an empty SGML leaf (`<NAME><MEMO>…`), so the
 *   elements it swallowed move up to its parent — unless it is a known aggregate
 *   (`BANKTRANLIST`, `STMTRS`…) whose end tag the bank forgot: that keeps its children;
 * - an aggregate never contains itself, so opening one while one of that name is open closes
 *   the open one first (a forgotten `</STMTTRN>` or `</STMTTRNRS>`);
 * - a stray end tag is ignored; whatever is open at the end of the file closes there.
 * Tag names are upper-cased.
 */
export const buildOfxTree = (src: string, start: number): MarkupNode => {
  const root = newNode("#document", undefined, 1);
  const stack: Open[] = [{ node: root, hasText: false }];
  const top = (): Open => stack.at(-1) as Open;
  scanMarkup(src, start, {
    open: (name, _attrs, selfClosing, line) => {
      if (top().hasText && stack.length > 1) stack.pop();
      if (stack.length > MAX_DEPTH)
        fail(`line ${line}`, `elements nested more than ${MAX_DEPTH} deep: not an OFX file`);
      const upper = name.toUpperCase();
      if (isOfxAggregate(upper)) closeNamed(stack, upper);
      const node = newNode(upper, undefined, line);
      top().node.children.push(node);
      if (!selfClosing) stack.push({ node, hasText: false });
    },
    close: (name) => closeNamed(stack, name.toUpperCase()),
    text: (text) => {
      if (!NON_BLANK.test(text)) return;
      const open = top();
      if (open.node.children.length > 0) return; // text after child elements is noise, not a value
      open.node.text += text;
      open.hasText = true;
    },
  });
  return root;
};

/** Closes the nearest open element named `name` and everything inside it; nothing when none is open. */
const closeNamed = (stack: Open[], name: string): void => {
  let i = stack.length - 1;
  while (i > 0 && (stack[i] as Open).node.name !== name) i--;
  if (i === 0) return;
  while (stack.length - 1 > i) hoistIfEmptyLeaf(stack.pop() as Open, (stack.at(-1) as Open).node);
  stack.pop();
};

const hoistIfEmptyLeaf = (closed: Open, parent: MarkupNode): void => {
  if (closed.hasText || closed.node.children.length === 0 || isOfxAggregate(closed.node.name)) return;
  for (const c of closed.node.children) parent.children.push(c); // no spread: it could be 100,000 elements
  closed.node.children = [];
};
