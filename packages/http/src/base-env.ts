import type { Logger } from "@fincoach/logging";

/** Context variables every FinCoach HTTP service has; services extend it with their own. */
export type BaseEnv = { Variables: { requestId: string; logger: Logger } };
