import { fail } from "../issues.ts";
import { type MarkupNode, newNode } from "./markup-node.ts";
import { scanMarkup } from "./scan-markup.ts";

const localName = (qname: string): string => qname.slice(qname.indexOf(":") + 1);
const NON_BLANK = /\S/;
// CAMT nests about 15 deep; a bound keeps the recursive readers far from the stack limit.
const MAX_DEPTH = 200;

/**
 * Parses well-formed XML into a tree of local names. Strict where it matters for trusting a
 * bank file: every element must close, in order, and there must be exactly one root.
 */
export const buildXmlTree = (src: string): MarkupNode => {
  const stack: { node: MarkupNode; qname: string }[] = [];
  let root: MarkupNode | undefined;
  scanMarkup(src, 0, {
    open: (qname, attrs, selfClosing, line) => {
      const node = newNode(localName(qname), attrs, line);
      const parent = stack.at(-1);
      if (parent) parent.node.children.push(node);
      else if (root) fail(`line ${line}`, `<${qname}> follows the end of the root element <${root.name}>`);
      else root = node;
      if (stack.length >= MAX_DEPTH) fail(`line ${line}`, `elements nested more than ${MAX_DEPTH} deep`);
      if (!selfClosing) stack.push({ node, qname });
    },
    close: (qname, line) => {
      const open = stack.pop();
      if (!open) return fail(`line ${line}`, `</${qname}> closes nothing`);
      if (open.qname !== qname) {
        fail(`line ${line}`, `</${qname}> does not match <${open.qname}> opened on line ${open.node.line}`);
      }
    },
    text: (text, line) => {
      const open = stack.at(-1);
      if (open) open.node.text += text;
      else if (NON_BLANK.test(text)) fail(`line ${line}`, "text outside the root element: not an XML document");
    },
  });
  const unclosed = stack.at(-1);
  if (unclosed) fail(`line ${unclosed.node.line}`, `<${unclosed.qname}> is never closed (truncated file?)`);
  return root ?? fail("file", "no XML element found");
};
