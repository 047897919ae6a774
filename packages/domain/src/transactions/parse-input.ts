import { AppError } from "@fincoach/errors";
import type { z } from "zod";

/**
 * Validates a use case's input. The HTTP edge has usually validated it already; workers
 * and tests call use cases directly, so a bad input must still be a VALIDATION error
 * naming its fields (a raw ZodError would surface as INTERNAL).
 */
export const parseInput = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: i.path.map(String).join(".") || "(input)",
    message: i.message,
  }));
  throw new AppError("VALIDATION", `invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, {
    issues,
  });
};
