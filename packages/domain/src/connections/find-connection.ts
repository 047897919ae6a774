import { type Connection, connections, type DbOrTx } from "@fincoach/db";
import { and, eq } from "drizzle-orm";
import { requireRow } from "../shared/require-row.ts";

/** The person's connection, or NOT_FOUND (also for someone else's); `lock` holds it for update. */
export const findConnection = async (
  db: DbOrTx,
  userId: string,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<Connection> => {
  const q = db
    .select()
    .from(connections)
    .where(and(eq(connections.id, id), eq(connections.userId, userId)));
  return requireRow((await (opts.lock ? q.for("update") : q))[0], "connection");
};
