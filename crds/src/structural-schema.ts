import { z } from "zod";

/** A node of a CRD's OpenAPI v3 schema (JSONSchemaProps in its JSON form). */
export type SchemaNode = {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  required?: string[];
  default?: unknown;
  [key: string]: unknown;
};

const SAFE = Number.MAX_SAFE_INTEGER;
// Keys in the order a person reads a schema: what it is, its limits, then its children.
const KEY_ORDER = [
  "description",
  "type",
  "format",
  "enum",
  "default",
  "nullable",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "anyOf",
  "items",
  "properties",
  "additionalProperties",
  "required",
];

/**
 * Converts a zod schema to a structural OpenAPI v3 schema the apiserver accepts:
 * `z.toJSONSchema` (OpenAPI 3.0 target, input side so `.default()` fields are optional and
 * carry `default`), then the Kubernetes dialect: no `$schema`; the safe-integer bounds zod
 * puts on every `z.int()` dropped; `format: date-time` without zod's regex (the apiserver
 * checks the format itself); int-or-string unions in the shape core/v1 uses.
 */
export const toStructuralSchema = (schema: z.ZodType): SchemaNode => {
  const json = z.toJSONSchema(schema, { target: "openapi-3.0", io: "input", unrepresentable: "throw" });
  const { $schema: _drop, ...rest } = json as SchemaNode;
  return tidy(rest);
};

const ordered = (node: SchemaNode): SchemaNode => {
  const rank = (k: string) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
  return Object.fromEntries(Object.entries(node).sort(([a], [b]) => rank(a) - rank(b)));
};

const tidy = (node: SchemaNode): SchemaNode => {
  const out: SchemaNode = { ...node };
  if (out.minimum === -SAFE) delete out.minimum;
  if (out.maximum === SAFE) delete out.maximum;
  if (out.format === "date-time") delete out.pattern;
  if (out["x-kubernetes-int-or-string"] === true) return ordered(intOrString(out));
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, tidy(v)]));
  }
  if (out.items) out.items = tidy(out.items);
  if (out.additionalProperties && typeof out.additionalProperties === "object") {
    out.additionalProperties = tidy(out.additionalProperties);
  }
  return ordered(out);
};

/** `{anyOf: [{type: integer}, {type: string}], pattern, x-kubernetes-int-or-string: true}`. */
const intOrString = (node: SchemaNode): SchemaNode => {
  const pattern = node.anyOf?.find((n) => n.type === "string")?.pattern;
  const { anyOf: _anyOf, ...rest } = node;
  return {
    ...rest,
    anyOf: [{ type: "integer" }, { type: "string" }],
    ...(pattern ? { pattern } : {}),
    "x-kubernetes-int-or-string": true,
  };
};
