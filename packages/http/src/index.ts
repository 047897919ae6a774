export type { BaseEnv } from "./base-env.ts";
export { type ReadinessCheck, registerHealth } from "./health.ts";
export { trackInFlight } from "./in-flight.ts";
export {
  createObserver,
  nodeHeaderGetter,
  type Observation,
  type ObserveOptions,
  type Observer,
} from "./middleware/observe.ts";
export { type NewAppOptions, newApp } from "./new-app.ts";
export { type OpenApiInfo, registerOpenApi } from "./openapi-docs.ts";
export { httpStatusOf, type Problem, problemResponse, toAppError, toProblem } from "./problem-json.ts";
export { REQUEST_ID_HEADER, requestId, requestIdFrom } from "./request-id.ts";
export { fromZodError, zodIssues } from "./zod-issues.ts";
