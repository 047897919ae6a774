import type { ZodType } from "zod";

export const jsonBody = <S extends ZodType>(schema: S) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const jsonContent = <S extends ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: {} } },
});

export const notFoundResponse = problem("No such version (stats) or person (feedback)");

export const errorResponses = {
  400: problem("Invalid input; `errors` names each bad field"),
  500: problem("No model could answer"),
} as const;
