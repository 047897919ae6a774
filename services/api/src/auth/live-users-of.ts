import { users } from "@fincoach/db";
import { eq } from "drizzle-orm";
import type { ApiDeps } from "../api-context.ts";
import { createLiveUsers, type LiveUsers } from "./live-users.ts";

// One per deps (i.e. per API process), like the rate limiters: shared by the auth
// middleware and account deletion.
const built = new WeakMap<ApiDeps, LiveUsers>();

/** Which people exist, as this process knows it (see live-users.ts). */
export const liveUsersOf = (deps: ApiDeps): LiveUsers => {
  let l = built.get(deps);
  if (!l) {
    const { db } = deps.database;
    l = createLiveUsers({
      ttlMs: deps.config.auth.userRecheckSeconds * 1000,
      exists: async (id) => (await db.select({ id: users.id }).from(users).where(eq(users.id, id))).length > 0,
    });
    built.set(deps, l);
  }
  return l;
};
