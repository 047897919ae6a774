import { customType, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns.ts";
import { users } from "./users.ts";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * A registered model version: where its artifact lives (by URI) and the digest it must
 * have. `userId` null is a shared model (the default taxonomy, A/B routed); otherwise a
 * person's own model over their own categories.
 */
export const modelVersions = pgTable(
  "model_versions",
  {
    id: id(),
    model: text().notNull(),
    version: text().notNull(),
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    /** `file://`, `http(s)://`, or `pg://model-artifacts/<sha256>` (the built-in store). */
    artifactUri: text().notNull(),
    artifactSha256: text().notNull(),
    format: text().notNull().default("onnx"),
    labels: jsonb().$type<string[]>().notNull(),
    /** Training figures (rows, classes, accuracy on the held-out slice, ECE, seconds). */
    training: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("model_versions_model_version_idx").on(t.model, t.version),
    index("model_versions_user_idx").on(t.userId, t.createdAt),
  ],
);
export type ModelVersionRow = typeof modelVersions.$inferSelect;

/** The built-in artifact store for a laptop start: bytes addressed by their sha256. */
export const modelArtifacts = pgTable("model_artifacts", {
  sha256: text().primaryKey(),
  bytes: bytea().notNull(),
  size: integer().notNull(),
  createdAt: createdAt(),
});
