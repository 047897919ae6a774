import { type Logger, pino } from "pino";

/**
 * Field paths that may carry secrets. pino replaces them before serialization, so a
 * secret never reaches a log line even when someone logs a whole request body.
 */
export const REDACT_PATHS = [
  "password",
  "*.password",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "headers.cookie",
  "*.headers.cookie",
  "DATABASE_URL",
  "*.DATABASE_URL",
  "JWT_SECRET",
  "*.JWT_SECRET",
];

export type LoggerOptions = {
  service: string;
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
};

/** JSON logger for one service; `child({ requestId })` per request. */
export const createLogger = ({ service, level = "info", destination }: LoggerOptions): Logger =>
  pino(
    {
      level,
      base: { service },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );

export type { Logger };
