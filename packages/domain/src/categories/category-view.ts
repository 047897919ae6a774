import { CATEGORY_KINDS, type Category } from "@fincoach/db";
import { z } from "zod";
import { Timestamp, Uuid } from "../shared/schemas.ts";

export const CategoryKind = z.enum(CATEGORY_KINDS);

/** A name is unique among its siblings, compared case-insensitively. */
export const CategoryName = z.string().trim().min(1).max(80);

export const CategoryView = z
  .object({
    id: Uuid,
    name: z.string(),
    kind: CategoryKind,
    /** null for a group (top level); a child's kind is always its group's. */
    parentId: Uuid.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Category" });
export type CategoryView = z.infer<typeof CategoryView>;

/** A group with its children, as `GET /v1/categories?tree=true` returns it. */
export const CategoryGroupView = CategoryView.extend({ children: z.array(CategoryView) }).meta({
  id: "CategoryGroup",
});
export type CategoryGroupView = z.infer<typeof CategoryGroupView>;

export const toCategoryView = (c: Category): CategoryView => ({
  id: c.id,
  name: c.name,
  kind: c.kind,
  parentId: c.parentId,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});
