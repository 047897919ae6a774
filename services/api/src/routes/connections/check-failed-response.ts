import type { Problem } from "@fincoach/http";

/**
 * A credential check the server refused answers 422 with the server's reason. It is the
 * check's result rather than an AppError (the request itself was fine), so it is written
 * here instead of through the error handler's code -> status switch.
 */
export const checkFailedResponse = (reason: string, instance: string): Response => {
  const problem: Problem = {
    type: "https://fincoach.dev/problems/connection-check-failed",
    title: "Unprocessable Content",
    status: 422,
    detail: reason,
    code: "VALIDATION",
    instance,
  };
  return new Response(JSON.stringify(problem), {
    status: 422,
    headers: { "content-type": "application/problem+json" },
  });
};
