import { personalAccessTokens } from "@fincoach/db";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../shared/context.ts";
import { PersonalAccessTokenView } from "./personal-access-token-view.ts";
import { hashToken, newOpaqueToken, PAT_PREFIX } from "./token-hash.ts";

/** Characters of the token kept in clear (`fcp_` + 8): 48 of its 256 random bits, enough to tell tokens apart. */
const SHOWN_PREFIX_LENGTH = PAT_PREFIX.length + 8;

export const CreatePersonalAccessToken = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** Omitted: the token never expires. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .meta({ id: "CreatePersonalAccessToken" });
export type CreatePersonalAccessToken = z.infer<typeof CreatePersonalAccessToken>;

/** The creation answer: the only time the token itself is ever shown. */
export const NewPersonalAccessToken = PersonalAccessTokenView.omit({ lastUsedAt: true })
  .extend({ token: z.string().meta({ description: "Shown once; store it now" }) })
  .meta({ id: "NewPersonalAccessToken" });
export type NewPersonalAccessToken = z.infer<typeof NewPersonalAccessToken>;

/** Creates a token for scripts; only its sha256 is stored. */
export const createPersonalAccessToken = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreatePersonalAccessToken;
}): Promise<NewPersonalAccessToken> => {
  const data = CreatePersonalAccessToken.parse(input);
  const token = newOpaqueToken(PAT_PREFIX);
  const [row] = await ctx.db
    .insert(personalAccessTokens)
    .values({
      userId: ctx.userId,
      name: data.name,
      tokenHash: hashToken(token),
      prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
      expiresAt: data.expiresInDays === undefined ? null : sql`now() + make_interval(days => ${data.expiresInDays})`,
    })
    .returning();
  const t = row!;
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    token,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
  };
};
