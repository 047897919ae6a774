export { createLogger, type Logger, type LoggerOptions, REDACT_PATHS } from "./create-logger.ts";
export { ERROR_LOG_INTERVAL_MS, type ErrorEmitter, logErrors, type RateLimit, rateLimitedWarn } from "./log-errors.ts";
export { redactUrl } from "./redact-url.ts";
export { safeError } from "./safe-error.ts";
