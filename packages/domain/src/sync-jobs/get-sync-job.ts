import type { Ctx } from "../shared/context.ts";
import { findSyncJob } from "./find-sync-job.ts";
import { type SyncJobView, toSyncJobView } from "./sync-job-view.ts";

export const getSyncJob = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<SyncJobView> =>
  toSyncJobView(await findSyncJob(ctx.db, ctx.userId, input.id));
