import type { ApiDeps } from "../api-context.ts";
import { createRateLimiter, type RateLimiter } from "../rate-limit/create-rate-limiter.ts";
import { ipBucket } from "./client-ip.ts";
import { tooMany } from "./too-many.ts";

type RegisterLimiters = { perIp: RateLimiter; global: RateLimiter };

/** The global limiter's one identity. */
const EVERYONE = "all";

// Built once per deps (i.e. per app) on first use, like the login limiters.
const built = new WeakMap<ApiDeps, RegisterLimiters>();

const limitersOf = (deps: ApiDeps): RegisterLimiters => {
  let l = built.get(deps);
  if (!l) {
    const { redis, config } = deps;
    const r = config.auth.register;
    const base = { redis, keyPrefix: config.redisPrefix };
    l = {
      perIp: createRateLimiter({ ...base, name: "register:ip", max: r.maxPerIp, windowSeconds: r.ipWindowSeconds }),
      global: createRateLimiter({
        ...base,
        name: "register:global",
        max: r.maxGlobal,
        windowSeconds: r.globalWindowSeconds,
      }),
    };
    built.set(deps, l);
  }
  return l;
};

/**
 * Counts a sign-up against the client's address, then against everyone's, before any
 * hashing. Every attempt counts, including those that end in 409 (email taken): these
 * limits are what slows enumeration through registration. The address goes first, so one
 * blocked address can't use up the global budget.
 */
export const enforceRegisterLimits = async (deps: ApiDeps, clientIp: string): Promise<void> => {
  const { perIp, global } = limitersOf(deps);
  const byIp = await perIp.hit(ipBucket(clientIp));
  if (!byIp.allowed) throw tooMany("too many sign-ups from this address", byIp.retryAfterSeconds);
  const all = await global.hit(EVERYONE);
  if (!all.allowed) throw tooMany("too many sign-ups right now", all.retryAfterSeconds);
};
