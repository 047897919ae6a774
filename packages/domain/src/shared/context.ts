import type { DbOrTx } from "@fincoach/db";

/**
 * What every use case receives: a database handle (pool or open transaction) and the
 * person it acts for. Every query a use case makes is filtered by `userId`.
 */
export type Ctx = { db: DbOrTx; userId: string };
