import type { Ctx } from "../shared/context.ts";
import { type CategoryView, toCategoryView } from "./category-view.ts";
import { findCategory } from "./find-category.ts";

export const getCategory = async ({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<CategoryView> =>
  toCategoryView(await findCategory(ctx, input.id));
