import type { AlertMute } from "@fincoach/db";
import { z } from "zod";
import { Timestamp, Uuid } from "../shared/schemas.ts";
import { AlertKind } from "./alert-view.ts";

/** Exactly one of `kind` and `categoryId`: mute every alert of a kind, or about a category (and its children). */
export const CreateAlertMute = z
  .union([z.object({ kind: AlertKind }).strict(), z.object({ categoryId: Uuid }).strict()])
  .meta({ id: "CreateAlertMute", example: { kind: "large_transaction" } });
export type CreateAlertMute = z.infer<typeof CreateAlertMute>;

export const AlertMuteView = z
  .object({ id: Uuid, kind: AlertKind.nullable(), categoryId: Uuid.nullable(), createdAt: Timestamp })
  .meta({
    id: "AlertMute",
    example: {
      id: "9b2e7c1a-51a4-4f0e-8d8e-2f7d2b6c1e10",
      kind: "large_transaction",
      categoryId: null,
      createdAt: "2026-04-14T09:30:00.000Z",
    },
  });
export type AlertMuteView = z.infer<typeof AlertMuteView>;

export const toAlertMuteView = (m: AlertMute): AlertMuteView => ({
  id: m.id,
  kind: m.kind,
  categoryId: m.categoryId,
  createdAt: m.createdAt.toISOString(),
});
