import { ProblemSchema } from "../../http/openapi-helpers.ts";

export const tags = ["transactions"];

/** 409 for edits that would break an invariant (a split's sum, a transfer's pairing). */
export const conflictResponse = {
  409: {
    description: "The change conflicts with the transaction's splits or transfer",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
} as const;
