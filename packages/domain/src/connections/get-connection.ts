import type { Ctx } from "../shared/context.ts";
import { type ConnectionView, toConnectionView } from "./connection-view.ts";
import { findConnection } from "./find-connection.ts";

export const getConnection = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<ConnectionView> =>
  toConnectionView(await findConnection(ctx.db, ctx.userId, input.id));
