import { imports } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { requireRow } from "../shared/require-row.ts";
import { type ImportView, toImportView } from "./import-view.ts";

/** One of the person's import records; NOT_FOUND for someone else's. */
export const getImport = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<ImportView> => {
  const [row] = await ctx.db
    .select()
    .from(imports)
    .where(and(eq(imports.id, input.id), eq(imports.userId, ctx.userId)));
  return toImportView(requireRow(row, "import"));
};
