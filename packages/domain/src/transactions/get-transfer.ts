import type { Ctx } from "../shared/context.ts";
import { loadTransfer, type TransferView } from "./transfer-view.ts";

/** The two legs of a transfer between the person's accounts. */
export const getTransfer = async ({ ctx, input }: { ctx: Ctx; input: { transferId: string } }): Promise<TransferView> =>
  loadTransfer(ctx.db, ctx.userId, input.transferId);
