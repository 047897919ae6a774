import { getSyncJob, ListSyncJobsQuery, listSyncJobs, SyncJobPage, SyncJobView } from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, jsonContent } from "../../http/openapi-helpers.ts";

const tags = ["sync-jobs"];

/** `/v1/sync-jobs`: the runs of a person's connection syncs and their accounting. */
export const registerSyncJobRoutes = (app: OpenAPIHono<ApiContext>): void => {
  const list = createRoute({
    method: "get",
    path: "/v1/sync-jobs",
    tags,
    security: bearer,
    description: "The person's sync jobs, newest first; `nextCursor` gives the next page (null on the last).",
    request: { query: ListSyncJobsQuery },
    responses: { 200: jsonContent(SyncJobPage, "A page of sync jobs"), ...errorResponses },
  });
  app.openapi(list, async (c) => c.json(await listSyncJobs({ ctx: ctxOf(c), input: c.req.valid("query") }), 200));

  const get = createRoute({
    method: "get",
    path: "/v1/sync-jobs/{id}",
    tags,
    security: bearer,
    description:
      "Status (queued, running, completed, failed), progress 0-100 and the accounting so far; once completed, " +
      "processed = inserted + duplicates + skipped + failed.",
    request: { params: IdParam },
    responses: { 200: jsonContent(SyncJobView, "The sync job"), ...errorResponses },
  });
  app.openapi(get, async (c) => c.json(await getSyncJob({ ctx: ctxOf(c), input: c.req.valid("param") }), 200));
};
