import { notFound } from "@fincoach/errors";

/**
 * Returns the row or throws NOT_FOUND. Queries are scoped by user, so another person's id
 * simply finds nothing and answers 404, exactly like an id that never existed.
 */
export const requireRow = <T>(row: T | undefined, what: string): T => {
  if (row === undefined) throw notFound(what);
  return row;
};
