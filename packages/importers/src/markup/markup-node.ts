/** One element of an XML or OFX document: local name (namespace prefix dropped), attributes, text. */
export type MarkupNode = {
  name: string;
  attrs: Readonly<Record<string, string>> | undefined;
  children: MarkupNode[];
  /** Concatenated character data directly inside the element, entities decoded, untrimmed. */
  text: string;
  /** 1-based line of the start tag, for error messages. */
  line: number;
};

export const newNode = (name: string, attrs: Record<string, string> | undefined, line: number): MarkupNode => ({
  name,
  attrs,
  children: [],
  text: "",
  line,
});

/** First child named `name`. */
export const child = (node: MarkupNode | undefined, name: string): MarkupNode | undefined =>
  node?.children.find((c) => c.name === name);

/** Children named `name`. */
export const childrenNamed = (node: MarkupNode | undefined, name: string): MarkupNode[] =>
  node ? node.children.filter((c) => c.name === name) : [];

/** Follows a path of child names: `at(entry, "BookgDt", "Dt")`. */
export const at = (node: MarkupNode | undefined, ...path: string[]): MarkupNode | undefined => {
  let current = node;
  for (const name of path) current = child(current, name);
  return current;
};

/** Trimmed text at a child path; undefined when absent or blank. */
export const textAt = (node: MarkupNode | undefined, ...path: string[]): string | undefined => {
  const value = at(node, ...path)?.text.trim();
  return value ? value : undefined;
};

/** Every descendant named `name`, document order, not descending into matches. */
export const findAll = (node: MarkupNode, name: string, out: MarkupNode[] = []): MarkupNode[] => {
  for (const c of node.children) {
    if (c.name === name) out.push(c);
    else findAll(c, name, out);
  }
  return out;
};
