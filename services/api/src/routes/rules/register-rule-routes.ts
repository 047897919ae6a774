import {
  ApplyRuleResult,
  applyRule,
  CreateRule,
  createRule,
  DRY_RUN_LIMIT,
  DryRunResult,
  deleteRule,
  dryRunRule,
  getRule,
  listRuleSuggestions,
  listRules,
  RULE_SUGGESTION_MIN_CORRECTIONS,
  RuleDraft,
  RuleSuggestion,
  RuleView,
  UpdateRule,
  updateRule,
} from "@fincoach/domain";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { ApiContext } from "../../api-context.ts";
import { ctxOf } from "../../http/ctx.ts";
import { bearer, errorResponses, IdParam, ItemsOf, jsonBody, jsonContent } from "../../http/openapi-helpers.ts";

const tags = ["rules"];
const about = [
  "A rule sets a category and/or adds tags to transactions that meet all of its conditions:",
  "text contained in the description or merchant (case-insensitive, plain text, never a pattern),",
  "the amount's size between `amountMin` and `amountMax` inclusive (in the transaction's currency, exact),",
  "an account, a direction (`in` or `out`). The first enabled rule by `position` wins.",
].join(" ");
const DryRunQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(DRY_RUN_LIMIT.max)
    .optional()
    .meta({ description: `How many matches to list (default ${DRY_RUN_LIMIT.default})` }),
});
const dryRunAbout =
  "Which of the person's existing transactions the rule matches and what applying it would change; changes nothing.";

/** `/v1/rules`: a person's ordered categorization rules, their dry run and their apply. */
export const registerRuleRoutes = (app: OpenAPIHono<ApiContext>): void => {
  const create = createRoute({
    method: "post",
    path: "/v1/rules",
    tags,
    security: bearer,
    description: `${about} \`position\` defaults to the end of the list.`,
    request: { body: jsonBody(CreateRule) },
    responses: { 201: jsonContent(RuleView, "The new rule"), ...errorResponses },
  });
  app.openapi(create, async (c) => c.json(await createRule({ ctx: ctxOf(c), input: c.req.valid("json") }), 201));

  const list = createRoute({
    method: "get",
    path: "/v1/rules",
    tags,
    security: bearer,
    description: about,
    responses: { 200: jsonContent(ItemsOf(RuleView), "The person's rules, first to run first"), ...errorResponses },
  });
  app.openapi(list, async (c) => c.json({ items: await listRules({ ctx: ctxOf(c) }) }, 200));

  // Before `/v1/rules/{id}` routes: Hono matches in registration order.
  const dryRunDraft = createRoute({
    method: "post",
    path: "/v1/rules/dry-run",
    tags,
    security: bearer,
    description: `${dryRunAbout} The body is an unsaved rule.`,
    request: { query: DryRunQuery, body: jsonBody(RuleDraft) },
    responses: { 200: jsonContent(DryRunResult, "What the rule would do"), ...errorResponses },
  });
  app.openapi(dryRunDraft, async (c) => {
    const input = { draft: c.req.valid("json"), limit: c.req.valid("query").limit };
    return c.json(await dryRunRule({ ctx: ctxOf(c), input }), 200);
  });

  const suggestions = createRoute({
    method: "get",
    path: "/v1/rules/suggestions",
    tags,
    security: bearer,
    description:
      `Merchants the person recategorized to the same category at least ${RULE_SUGGESTION_MIN_CORRECTIONS} times in a row ` +
      "and that no rule of theirs covers yet, each with a `draft` that `POST /v1/rules` accepts as it is.",
    responses: { 200: jsonContent(ItemsOf(RuleSuggestion), "Most corrections first"), ...errorResponses },
  });
  app.openapi(suggestions, async (c) => c.json({ items: await listRuleSuggestions({ ctx: ctxOf(c) }) }, 200));

  const get = createRoute({
    method: "get",
    path: "/v1/rules/{id}",
    tags,
    security: bearer,
    request: { params: IdParam },
    responses: { 200: jsonContent(RuleView, "The rule"), ...errorResponses },
  });
  app.openapi(get, async (c) => c.json(await getRule({ ctx: ctxOf(c), input: c.req.valid("param") }), 200));

  const patch = createRoute({
    method: "patch",
    path: "/v1/rules/{id}",
    tags,
    security: bearer,
    description: "Fields given replace the rule's (`conditions` as a whole); `position` moves it in the list.",
    request: { params: IdParam, body: jsonBody(UpdateRule) },
    responses: { 200: jsonContent(RuleView, "The updated rule"), ...errorResponses },
  });
  app.openapi(patch, async (c) => {
    const input = { id: c.req.valid("param").id, patch: c.req.valid("json") };
    return c.json(await updateRule({ ctx: ctxOf(c), input }), 200);
  });

  const remove = createRoute({
    method: "delete",
    path: "/v1/rules/{id}",
    tags,
    security: bearer,
    description: "Transactions keep what the rule set; the rules after it move up one place.",
    request: { params: IdParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses },
  });
  app.openapi(remove, async (c) => {
    await deleteRule({ ctx: ctxOf(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });

  const dryRunSaved = createRoute({
    method: "post",
    path: "/v1/rules/{id}/dry-run",
    tags,
    security: bearer,
    description: `${dryRunAbout} Runs even when the rule is disabled.`,
    request: { params: IdParam, query: DryRunQuery },
    responses: { 200: jsonContent(DryRunResult, "What the rule would do"), ...errorResponses },
  });
  app.openapi(dryRunSaved, async (c) => {
    const input = { id: c.req.valid("param").id, limit: c.req.valid("query").limit };
    return c.json(await dryRunRule({ ctx: ctxOf(c), input }), 200);
  });

  const apply = createRoute({
    method: "post",
    path: "/v1/rules/{id}/apply",
    tags,
    security: bearer,
    description:
      "Runs the rule over the person's existing transactions, in one database transaction: sets its category " +
      "(except on split transactions) and adds its tags where they differ. Runs even when the rule is disabled.",
    request: { params: IdParam },
    responses: { 200: jsonContent(ApplyRuleResult, "How many matched and how many changed"), ...errorResponses },
  });
  app.openapi(apply, async (c) => c.json(await applyRule({ ctx: ctxOf(c), input: c.req.valid("param") }), 200));
};
