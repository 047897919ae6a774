import {
  ConnectionCheck,
  ConnectionView,
  CreateConnection,
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  requestConnectionSync,
  testConnection,
  UpdateConnection,
  updateConnection,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import {
  bearer,
  errorResponses,
  IdParam,
  ItemsOf,
  jsonBody,
  jsonContent,
  ProblemSchema,
} from "../../http/openapi-helpers.ts";
import { syncJobQueueOf } from "../sync-jobs/bullmq-sync-job-queue.ts";
import { checkFailedResponse } from "./check-failed-response.ts";
import { checkImapCredentials } from "./imap-credential-check.ts";
import { checkPlaidCredentials } from "./plaid-credential-check.ts";
import { secretCtxOf } from "./secret-ctx.ts";

const tags = ["connections"];
const secretsNote =
  "Credentials (`password`, `accessToken`) are write-only: sealed with AES-256-GCM at once, never returned, never logged.";
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});
const noKeys = { 412: problem("The server has no CONNECTION_KEYS (or, for Plaid checks, no Plaid credentials)") };

/** `/v1/connections`: a person's mailboxes (IMAP) and bank feeds (Plaid), their check and their sync. */
export const registerConnectionRoutes = (app: OpenAPIHono<ApiContext>): void => {
  const create = createRoute({
    method: "post",
    path: "/v1/connections",
    tags,
    security: bearer,
    description:
      "Connects a mailbox (`type: imap`: exactly one of `password` or `accessToken` (XOAUTH2); `folders` default " +
      '["INBOX"]; `since` bounds the first sync) or a bank feed (`type: plaid`: the Item\'s access token and ' +
      `\`accountMap\` from Plaid account ids to your accounts). ${secretsNote}`,
    request: { body: jsonBody(CreateConnection) },
    responses: { 201: jsonContent(ConnectionView, "The new connection"), ...errorResponses, ...noKeys },
  });
  app.openapi(create, async (c) =>
    c.json(await createConnection({ ctx: secretCtxOf(c), input: c.req.valid("json") }), 201),
  );

  const list = createRoute({
    method: "get",
    path: "/v1/connections",
    tags,
    security: bearer,
    responses: {
      200: jsonContent(ItemsOf(ConnectionView), "The person's connections, oldest first"),
      ...errorResponses,
    },
  });
  app.openapi(list, async (c) => c.json({ items: await listConnections({ ctx: ctxOf(c) }) }, 200));

  const get = createRoute({
    method: "get",
    path: "/v1/connections/{id}",
    tags,
    security: bearer,
    request: { params: IdParam },
    responses: { 200: jsonContent(ConnectionView, "The connection"), ...errorResponses },
  });
  app.openapi(get, async (c) => c.json(await getConnection({ ctx: ctxOf(c), input: c.req.valid("param") }), 200));

  const patch = createRoute({
    method: "patch",
    path: "/v1/connections/{id}",
    tags,
    security: bearer,
    description:
      "Fields given replace the connection's; IMAP fields apply to IMAP connections, `accountMap` to Plaid ones. " +
      "A new `password` or `accessToken` replaces the credential; changing the credential or server of a " +
      `connection that needs attention makes it active again. \`status\` may be \`active\` or \`disabled\`. ${secretsNote}`,
    request: { params: IdParam, body: jsonBody(UpdateConnection) },
    responses: { 200: jsonContent(ConnectionView, "The updated connection"), ...errorResponses, ...noKeys },
  });
  app.openapi(patch, async (c) => {
    const input = { id: c.req.valid("param").id, patch: c.req.valid("json") };
    return c.json(await updateConnection({ ctx: secretCtxOf(c), input }), 200);
  });

  const remove = createRoute({
    method: "delete",
    path: "/v1/connections/{id}",
    tags,
    security: bearer,
    description: "Deletes the connection, its credential and its sync jobs; transactions it brought in stay.",
    request: { params: IdParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses },
  });
  app.openapi(remove, async (c) => {
    await deleteConnection({ ctx: ctxOf(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });

  const check = createRoute({
    method: "post",
    path: "/v1/connections/{id}/test",
    tags,
    security: bearer,
    description:
      "Signs in with the stored credential (IMAP: connect and authenticate; Plaid: `/accounts/get`) and changes nothing.",
    request: { params: IdParam },
    responses: {
      200: jsonContent(ConnectionCheck, "The server accepted the credential: `{ ok: true }`"),
      422: problem("The server refused or could not be reached; `detail` is its reason"),
      ...errorResponses,
      ...noKeys,
    },
  });
  app.openapi(check, async (c) => {
    const { config } = c.get("deps");
    const timeoutMs = config.connections.checkTimeoutMs;
    const checkers = {
      imap: checkImapCredentials(timeoutMs),
      plaid: checkPlaidCredentials(config.connections.plaid, timeoutMs),
    };
    const result = await testConnection({ ctx: secretCtxOf(c), input: c.req.valid("param"), checkers });
    if (!result.ok) return checkFailedResponse(result.reason ?? "refused", c.req.path) as never;
    return c.json({ ok: true }, 200);
  });

  const sync = createRoute({
    method: "post",
    path: "/v1/connections/{id}/sync",
    tags,
    security: bearer,
    description:
      "Queues a sync of the connection (mailbox: new mail since the last sync; bank: changes since the cursor). " +
      "Follow it at `GET /v1/sync-jobs/{jobId}`. A disabled connection answers 409.",
    request: { params: IdParam },
    responses: {
      202: jsonContent(z.object({ jobId: z.uuid() }), "Queued"),
      409: problem("The connection is disabled"),
      ...errorResponses,
    },
  });
  app.openapi(sync, async (c) => {
    const queue = syncJobQueueOf(c.get("deps"));
    return c.json(await requestConnectionSync({ ctx: ctxOf(c), input: c.req.valid("param"), queue }), 202);
  });
};
