export type { ApiContext, ApiDeps } from "./api-context.ts";
export { createApp } from "./app.ts";
export { type ApiConfig, ApiEnv, toApiConfig } from "./env.ts";
