import { AppError, type FieldIssue } from "@fincoach/errors";
import type { ZodError } from "zod";

/** Turns a zod error into field issues: `path` is the dotted field path, prefixed for query/params. */
export const zodIssues = (error: ZodError, target?: string): FieldIssue[] =>
  error.issues.map((i) => {
    const field = i.path.map(String).join(".");
    const where = target && target !== "json" && target !== "form" ? `${target}.` : "";
    return { path: `${where}${field}` || target || "(body)", message: i.message };
  });

/** A VALIDATION AppError whose message names every bad field. */
export const fromZodError = (error: ZodError, target?: string): AppError => {
  const issues = zodIssues(error, target);
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  return new AppError("VALIDATION", `invalid request: ${summary}`, { issues });
};
