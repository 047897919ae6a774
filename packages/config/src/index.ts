export { CommonEnv } from "./common-env.ts";
export { exitUnlessReachable } from "./exit-unless-reachable.ts";
export { EnvError, type EnvIssue, loadEnvOrExit, parseEnv } from "./parse-env.ts";
export { socketCause } from "./socket-cause.ts";
