import { AppError } from "@fincoach/errors";
import type { z } from "zod";

/**
 * Parses `input` with `schema`, turning a zod failure into a VALIDATION AppError naming each
 * field (prefixed with `prefix`), so a worker or test calling the use case directly gets the
 * same 400-shaped error the HTTP edge would give.
 */
export const validateInput = <S extends z.ZodType>(schema: S, input: unknown, prefix = ""): z.output<S> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join(".") || "(input)",
    message: i.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  throw new AppError("VALIDATION", `invalid input: ${summary}`, { issues });
};
