export type { BaseEnv } from "./base-env.ts";
export { DOCS_CSP } from "./docs-ui.ts";
export { type CheckStatus, type HealthOptions, type ReadinessCheck, registerHealth } from "./health.ts";
export { trackInFlight } from "./in-flight.ts";
export { etagJson, matchesEtag } from "./middleware/etag-json.ts";
export {
  createObserver,
  nodeHeaderGetter,
  type Observation,
  type ObserveOptions,
  type Observer,
} from "./middleware/observe.ts";
export { NO_STORE, personalCacheControl, REVALIDATE } from "./middleware/personal-cache-control.ts";
export { securityHeaders } from "./middleware/security-headers.ts";
export { type NewAppOptions, newApp } from "./new-app.ts";
export { type OpenApiInfo, registerOpenApi } from "./openapi-docs.ts";
export { httpStatusOf, type Problem, problemResponse, toAppError, toProblem } from "./problem-json.ts";
export { REQUEST_ID_HEADER, requestId, requestIdFrom } from "./request-id.ts";
export { withDeadline } from "./with-deadline.ts";
export { fromZodError, zodIssues } from "./zod-issues.ts";
