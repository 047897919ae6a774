import {
  dismissNudge,
  GenerateNudges,
  generateNudges,
  ListNudges,
  listNudges,
  type NudgeLlmConfig,
  NudgeView,
  type NudgeWriter,
  newLlmClient,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, ItemsOf, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";

const tags = ["nudges"];
const about = [
  "Short coaching messages from the person's own figures: a budget slip and what it means for the month, progress on",
  "a goal or a debt, money freed by a finished debt, a subscription never confirmed. Written from a message catalog (en, es),",
  "or by an LLM when one is configured; an LLM answer that states a number not in `facts`, advises on securities or is too",
  "long is replaced by the template (`source: template`, `fallbackReason`). docs/nudges.md states each kind's rule.",
].join(" ");

// One client per provider config (the config object lives as long as the process): the SDK keeps
// its HTTP agent, so requests reuse connections.
const clients = new WeakMap<NudgeLlmConfig, ReturnType<typeof newLlmClient>>();
const writerOf = (c: Context<ApiContext>): NudgeWriter | undefined => {
  const { llm, maxLength } = c.get("deps").config.nudges;
  if (!llm) return undefined;
  const client = clients.get(llm) ?? newLlmClient(llm);
  clients.set(llm, client);
  return { client, config: llm, maxLength };
};

/** `/v1/nudges`: the person's nudges, generating the ones their figures call for now, dismissing. */
export const registerNudgeRoutes = (app: OpenAPIHono<ApiContext>): void => {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/nudges",
      tags,
      security: bearer,
      description: `${about} Newest first.`,
      request: { query: ListNudges },
      responses: { 200: jsonContent(ItemsOf(NudgeView), "The person's nudges, newest first"), ...errorResponses },
    }),
    async (c) => c.json({ items: await listNudges({ ctx: ctxOf(c), input: c.req.valid("query") }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/nudges/generate",
      tags,
      security: bearer,
      description: `${about} Makes the nudges the person's figures call for now, each once per cause (a budget per period, a goal or debt per month, a finished debt or a subscription once), and returns only the new ones (none: \`items: []\`). The body is optional.`,
      request: { body: { ...jsonBody(GenerateNudges), required: false } },
      responses: { 200: jsonContent(ItemsOf(NudgeView), "The nudges made now"), ...errorResponses },
    }),
    async (c) => {
      const logger = c.get("logger");
      const items = await generateNudges({
        ctx: ctxOf(c),
        input: c.req.valid("json") ?? {},
        options: { writer: writerOf(c), warn: (message, detail) => logger.warn(detail, message) },
      });
      return c.json({ items }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/nudges/{id}/dismiss",
      tags,
      security: bearer,
      description: "Dismisses the nudge. Dismissing again keeps the first `dismissedAt`.",
      request: { params: IdParam },
      responses: { 200: jsonContent(NudgeView, "The dismissed nudge"), ...errorResponses },
    }),
    async (c) => c.json(await dismissNudge({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
};
