export { createApp } from "./app.ts";
export { type MlConfig, MlEnv, toMlConfig } from "./env.ts";
export type { MlContext, MlDeps } from "./ml-context.ts";
export { createMlService, type MlService } from "./ml-service.ts";
