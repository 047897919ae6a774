import { AppError } from "@fincoach/errors";

/**
 * NOT_FOUND for an id given in a body or query (`categoryId`, `intoId`, `accountId`...),
 * naming the field. Someone else's id answers exactly like one that never existed.
 */
export const referenceNotFound = (field: string, what: string): AppError =>
  new AppError("NOT_FOUND", `${field}: ${what} not found`, { issues: [{ path: field, message: `${what} not found` }] });
