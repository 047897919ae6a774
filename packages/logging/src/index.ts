export { createLogger, type Logger, type LoggerOptions, REDACT_PATHS } from "./create-logger.ts";
export { redactUrl } from "./redact-url.ts";
export { safeError } from "./safe-error.ts";
