import { TimeZone } from "@fincoach/contracts";
import { type NudgeFactsData, nudges } from "@fincoach/db";
import { and, eq, inArray } from "drizzle-orm";
import type OpenAI from "openai";
import { z } from "zod";
import { todayIn } from "../analytics/today-in.ts";
import type { Ctx } from "../shared/context.ts";
import { IsoDate } from "../shared/schemas.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { gatherNudgeFacts } from "./gather-nudge-facts.ts";
import { type NudgeLlmConfig, writeWithLlm } from "./llm-writer.ts";
import type { NudgeFacts } from "./nudge-facts.ts";
import { type NudgeView, toNudgeView } from "./nudge-view.ts";
import { renderTemplate } from "./render-template.ts";
import { NUDGE_MAX_LENGTH } from "./validate-nudge-text.ts";

/** Intl knows the locale (it throws on a malformed tag rather than answering no). */
const supported = (locale: string): boolean => {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
};

export const GenerateNudges = z
  .object({
    locale: z
      .string()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/)
      .refine(supported, "unsupported locale")
      .default("en")
      .meta({
        example: "es-ES",
        description: "BCP 47: the catalog's language (en, es; others get en) and number formats",
      }),
    asOf: IsoDate.optional().meta({
      description: "Generate as if today were this date (default: today in `timeZone`)",
    }),
    timeZone: TimeZone.default("UTC").meta({ example: "Europe/Madrid", description: "Decides what today is" }),
  })
  .strict()
  .meta({ id: "GenerateNudges" });
export type GenerateNudges = z.input<typeof GenerateNudges>;

/** The optional LLM writer; without it every nudge is the template's. */
export type NudgeWriter = { client: OpenAI; config: NudgeLlmConfig; maxLength?: number | undefined };

export type GenerateOptions = {
  now?: Date | undefined;
  writer?: NudgeWriter | undefined;
  /** Told each fallback (reason, kind), never the facts' text or the key. */
  warn?: ((message: string, detail: Record<string, unknown>) => void) | undefined;
};

type Written = { text: string; source: "template" | "llm"; fallbackReason: string | null };

const write = async (n: NudgeFacts, locale: string, o: GenerateOptions): Promise<Written> => {
  const template = renderTemplate(n, locale);
  if (!o.writer) return { text: template, source: "template", fallbackReason: null };
  const max = o.writer.maxLength ?? NUDGE_MAX_LENGTH;
  const answer = await writeWithLlm(o.writer.client, o.writer.config, n, locale, max);
  if (answer.ok) return { text: answer.text, source: "llm", fallbackReason: null };
  o.warn?.("nudge LLM answer refused; template used", { kind: n.kind, reason: answer.reason });
  return { text: template, source: "template", fallbackReason: answer.reason };
};

/**
 * `POST /v1/nudges/generate`: the nudges the person's figures call for now, each stored once
 * per cause (a cause already stored is skipped before any LLM call; INSERT ... ON CONFLICT DO
 * NOTHING covers two generations at once). Returns only the new ones.
 */
export const generateNudges = async ({
  ctx,
  input = {},
  options = {},
}: {
  ctx: Ctx;
  input?: GenerateNudges;
  options?: GenerateOptions;
}): Promise<NudgeView[]> => {
  const q = parseInput(GenerateNudges, input);
  const today = q.asOf ?? todayIn(q.timeZone, options.now ?? new Date());
  const found = await gatherNudgeFacts(ctx, today, q.timeZone);
  if (found.length === 0) return [];
  const seen = await ctx.db
    .select({ causeKey: nudges.causeKey })
    .from(nudges)
    .where(
      and(
        eq(nudges.userId, ctx.userId),
        inArray(
          nudges.causeKey,
          found.map((n) => n.causeKey),
        ),
      ),
    );
  const stored = new Set(seen.map((s) => s.causeKey));
  const fresh = found.filter((n) => !stored.has(n.causeKey));
  const out: NudgeView[] = [];
  for (const n of fresh) {
    const written = await write(n, q.locale, options);
    const rows = await ctx.db
      .insert(nudges)
      .values({
        userId: ctx.userId,
        kind: n.kind,
        causeKey: n.causeKey,
        facts: n.facts as NudgeFactsData,
        locale: q.locale,
        ...written,
      })
      .onConflictDoNothing({ target: [nudges.userId, nudges.causeKey] })
      .returning();
    out.push(...rows.map(toNudgeView));
  }
  return out;
};
