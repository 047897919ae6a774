import { transactions } from "@fincoach/db";
import { invalidField } from "@fincoach/errors";
import { z } from "zod";
import { decideCategories, type PipelineWarn } from "../categorization/decide-categories.ts";
import {
  type DecisionColumns,
  decisionColumns,
  manualDecision,
  withRuleTags,
} from "../categorization/decision-columns.ts";
import type { ScoreModel } from "../categorization/model-scorer.ts";
import { loadPipelineSettings } from "../categorization/pipeline-settings.ts";
import { toMinor } from "../shared/amounts.ts";
import type { Ctx } from "../shared/context.ts";
import { CurrencyCode, DecimalAmount, IsoDate, Uuid } from "../shared/schemas.ts";
import { requireOwnedAccount, requireOwnedCategories } from "./owned-refs.ts";
import { parseInput } from "./parse-input.ts";
import { suggestionName } from "./suggestion-name.ts";
import { Description, Merchant, Notes, Tags } from "./transaction-fields.ts";
import { type TransactionView, toTransactionView } from "./transaction-view.ts";

export const CreateTransaction = z
  .object({
    accountId: Uuid,
    date: IsoDate,
    amount: DecimalAmount,
    /** Defaults to the account's; if given it must be the account's (one currency per account). */
    currency: CurrencyCode.optional(),
    description: Description,
    merchant: Merchant.optional(),
    categoryId: Uuid.nullable().optional(),
    notes: Notes.optional(),
    tags: Tags.optional(),
  })
  .meta({ id: "CreateTransaction" });
export type CreateTransaction = z.infer<typeof CreateTransaction>;

/**
 * Records one transaction on one of the person's accounts, in the account's currency. An
 * explicit `categoryId` is the person's choice (source `manual`; null: left uncategorized);
 * without one the categorization pipeline decides (rules, remembered corrections, then
 * `scoreModel` when given) and a matching rule's tags are added.
 */
export const createTransaction = async ({
  ctx,
  input,
  scoreModel,
  warn,
}: {
  ctx: Ctx;
  input: CreateTransaction;
  scoreModel?: ScoreModel | undefined;
  warn?: PipelineWarn | undefined;
}): Promise<TransactionView> => {
  const data = parseInput(CreateTransaction, input);
  const account = await requireOwnedAccount(ctx, data.accountId, "accountId");
  // Multi-currency accounts are out of scope: every row of an account is in its currency.
  if (data.currency !== undefined && data.currency !== account.currency) {
    throw invalidField("currency", `must be the account's currency ${account.currency} (or omitted)`);
  }
  const amountMinor = toMinor("amount", data.amount, account.currency);
  await requireOwnedCategories(ctx.db, ctx.userId, [{ id: data.categoryId, field: "categoryId" }]);
  const now = new Date();
  let decision: DecisionColumns | undefined;
  let tags = data.tags ?? [];
  if (data.categoryId) decision = manualDecision(data.categoryId, now);
  else if (data.categoryId === undefined) {
    const settings = await loadPipelineSettings(ctx.db, ctx.userId);
    const subject = { ...data, merchant: data.merchant ?? null, amountMinor, currency: account.currency };
    const [result] = await decideCategories({ db: ctx.db, settings, scoreModel, warn }, [subject]);
    decision = decisionColumns(result!, now);
    tags = withRuleTags(tags, result!.tags);
  }
  const [row] = await ctx.db
    .insert(transactions)
    .values({
      userId: ctx.userId,
      accountId: account.id,
      date: data.date,
      amountMinor,
      currency: account.currency,
      description: data.description,
      merchant: data.merchant ?? null,
      categoryId: data.categoryId ?? null,
      ...decision,
      notes: data.notes ?? null,
      tags,
    })
    .returning();
  return toTransactionView(row!, [], await suggestionName(ctx.db, ctx.userId, row!.suggestedCategoryId));
};
