export { CommonEnv } from "./common-env.ts";
export { EnvError, type EnvIssue, loadEnvOrExit, parseEnv } from "./parse-env.ts";
