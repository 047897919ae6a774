import { type ModelVersionRow, modelVersions } from "@fincoach/db";
import { and, desc, eq, isNull, type SQL } from "drizzle-orm";
import type { RegistryCtx } from "./registry-context.ts";

/** Which versions: the shared ones, one person's own, or one model's. Filters combine. */
export type ModelVersionFilter = {
  /** `null`: shared versions only; a uuid: that person's own versions only. */
  userId?: string | null;
  model?: string;
  /** At most this many (newest first). */
  limit?: number;
};

/** Registered versions, newest first (ties by model and version name, so the order is stable). */
export const listModelVersions = async ({
  ctx,
  filter = {},
}: {
  ctx: RegistryCtx;
  filter?: ModelVersionFilter;
}): Promise<ModelVersionRow[]> => {
  const where: SQL[] = [];
  if (filter.userId === null) where.push(isNull(modelVersions.userId));
  else if (filter.userId !== undefined) where.push(eq(modelVersions.userId, filter.userId));
  if (filter.model !== undefined) where.push(eq(modelVersions.model, filter.model));
  const query = ctx.db
    .select()
    .from(modelVersions)
    .where(and(...where))
    .orderBy(desc(modelVersions.createdAt), desc(modelVersions.model), desc(modelVersions.version));
  return filter.limit === undefined ? query : query.limit(filter.limit);
};
