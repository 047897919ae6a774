/**
 * The Secret the chart's services read (cdk8s/README.md "The Secret"), which the operator
 * hands to the pods it creates too: the chart tells the operator its name
 * (MODEL_SERVER_SECRET, WORKER_ENV_SECRET), and both sides take the key names from here.
 */

/** The chart's default `secretName`. */
export const APP_SECRET_DEFAULT_NAME = "fincoach";

/** Keys of that Secret. */
export const APP_SECRET_KEYS = {
  DATABASE_URL: "DATABASE_URL",
  REDIS_URL: "REDIS_URL",
  JWT_SECRET: "JWT_SECRET",
  CONNECTION_KEYS: "CONNECTION_KEYS",
  PLAID_CLIENT_ID: "PLAID_CLIENT_ID",
  PLAID_SECRET: "PLAID_SECRET",
} as const;
