import type { ZodType } from "zod";
import { z } from "zod";

/** RFC 9457 problem document as described in the OpenAPI output. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem" });

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** The error responses an authenticated endpoint can give. */
export const errorResponses = {
  400: problem("Invalid input; `errors` names each bad field"),
  401: problem("Missing or invalid token"),
  404: problem("Not found (also for another person's data)"),
} as const;

export const jsonContent = <S extends ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <S extends ZodType>(schema: S) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const IdParam = z.object({ id: z.uuid().meta({ param: { name: "id", in: "path" } }) });

/** Marks a route as needing a bearer token in the OpenAPI document. */
export const bearer = [{ bearer: [] }];

export const ItemsOf = <S extends ZodType>(item: S) => z.object({ items: z.array(item) });
