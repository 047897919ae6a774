import { imports } from "@fincoach/db";
import { desc, eq } from "drizzle-orm";
import type { Ctx } from "../shared/context.ts";
import { type ImportView, toImportView } from "./import-view.ts";

/** The person's import records, newest first. */
export const listImports = async ({ ctx }: { ctx: Ctx }): Promise<ImportView[]> => {
  const rows = await ctx.db
    .select()
    .from(imports)
    .where(eq(imports.userId, ctx.userId))
    .orderBy(desc(imports.createdAt), desc(imports.id));
  return rows.map(toImportView);
};
