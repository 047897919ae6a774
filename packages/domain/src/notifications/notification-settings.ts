import { type NotificationEventType, notificationSettings } from "@fincoach/db";
import { eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { parseInput } from "../transactions/parse-input.ts";
import { NotificationSettingsInput } from "./notification-schemas.ts";

export type NotificationSettingsView = { email: { enabled: boolean; eventTypes: NotificationEventType[] } };

/** The person's channel settings; without a row, e-mail is off. */
export const getNotificationSettings = async ({ ctx }: { ctx: Ctx }): Promise<NotificationSettingsView> => {
  const [row] = await ctx.db.select().from(notificationSettings).where(eq(notificationSettings.userId, ctx.userId));
  return { email: { enabled: row?.emailEnabled ?? false, eventTypes: row?.emailEventTypes ?? [] } };
};

/** Replaces the person's settings (PUT: the whole document). */
export const putNotificationSettings = async ({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: NotificationSettingsInput;
}): Promise<NotificationSettingsView> => {
  const data = parseInput(NotificationSettingsInput, input);
  const values = { emailEnabled: data.email.enabled, emailEventTypes: data.email.eventTypes };
  await ctx.db
    .insert(notificationSettings)
    .values({ userId: ctx.userId, ...values })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { ...values, updatedAt: new Date() } });
  return { email: { enabled: values.emailEnabled, eventTypes: values.emailEventTypes } };
};
