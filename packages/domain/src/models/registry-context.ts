import type { DbOrTx } from "@fincoach/db";

/**
 * What a registry use case receives. The registry is the service's own bookkeeping, not one
 * person's data: shared versions belong to no one, so there is no `userId` to scope by.
 * Use cases that read a person's rows take a `Ctx` instead.
 */
export type RegistryCtx = { db: DbOrTx };
