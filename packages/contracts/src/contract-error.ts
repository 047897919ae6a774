import type { z } from "zod";

/** One problem in a contract document: where (dotted path) and what. */
export type ContractIssue = { path: string; message: string };

/**
 * Thrown by the `parseX` helpers when a ConfigMap or HTTP body breaks its contract. The
 * message names every bad field, so a hand-edited ConfigMap shows up as a readable event
 * or log line rather than a crash later.
 */
export class ContractError extends Error {
  override name = "ContractError";
  /** Which contract was broken, e.g. `traffic-weights`. */
  readonly contract: string;
  readonly issues: ContractIssue[];
  constructor(contract: string, issues: ContractIssue[]) {
    super(`${contract}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.contract = contract;
    this.issues = issues;
  }
}

/** Parses `value` with `schema` or throws a ContractError listing every issue. */
export const parseContract = <S extends z.ZodType>(contract: string, schema: S, value: unknown): z.infer<S> => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ContractError(
    contract,
    result.error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message })),
  );
};

/** Parses a JSON document stored under `key` of a ConfigMap's `data`, then validates it. */
export const parseConfigMapJson = <S extends z.ZodType>(
  contract: string,
  schema: S,
  data: Record<string, string> | undefined,
  key: string,
): z.infer<S> => {
  const raw = data?.[key];
  if (raw === undefined) throw new ContractError(contract, [{ path: key, message: "missing key" }]);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new ContractError(contract, [{ path: key, message: `not JSON (${(e as Error).message})` }]);
  }
  return parseContract(contract, schema, json);
};
