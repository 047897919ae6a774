import type { PersonalAccessToken } from "@fincoach/db";
import { z } from "zod";
import { Timestamp, Uuid } from "../shared/schemas.ts";

/** A personal access token as listed: never the token, never its hash. */
export const PersonalAccessTokenView = z
  .object({
    id: Uuid,
    name: z.string(),
    /** The token's first characters, to tell tokens apart. */
    prefix: z.string(),
    createdAt: Timestamp,
    /** null: never expires. */
    expiresAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable(),
  })
  .meta({ id: "PersonalAccessToken" });
export type PersonalAccessTokenView = z.infer<typeof PersonalAccessTokenView>;

export const toPersonalAccessTokenView = (t: PersonalAccessToken): PersonalAccessTokenView => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
});
