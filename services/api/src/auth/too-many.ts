import { AppError } from "@fincoach/errors";

/** The 429 of a rate limit: LIMIT_EXCEEDED with Retry-After. */
export const tooMany = (message: string, retryAfterSeconds: number) =>
  new AppError("LIMIT_EXCEEDED", `${message}; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
