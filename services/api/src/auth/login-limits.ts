import { hashToken } from "@fincoach/domain";
import type { ApiDeps } from "../api-context.ts";
import { createRateLimiter, type RateLimiter } from "../rate-limit/create-rate-limiter.ts";
import { ipBucket } from "./client-ip.ts";
import { tooMany } from "./too-many.ts";

type LoginLimiters = { perIp: RateLimiter; perAccount: RateLimiter };

// Built once per deps (i.e. per app) on first use; the routes only see deps per request.
const built = new WeakMap<ApiDeps, LoginLimiters>();

const limitersOf = (deps: ApiDeps): LoginLimiters => {
  let l = built.get(deps);
  if (!l) {
    const { redis, config } = deps;
    const { maxPerIp, maxPerAccount, windowSeconds } = config.auth.login;
    const base = { redis, keyPrefix: config.redisPrefix, windowSeconds };
    l = {
      perIp: createRateLimiter({ ...base, name: "login:ip", max: maxPerIp }),
      perAccount: createRateLimiter({ ...base, name: "login:account", max: maxPerAccount }),
    };
    built.set(deps, l);
  }
  return l;
};

/**
 * Counts a login attempt against the client's address and against the account, whether
 * or not the account exists (so a 429 reveals nothing). The address is checked first: a
 * blocked address can't eat into an account's budget. The account key is the email's
 * sha256, keeping addresses out of Redis.
 */
export const enforceLoginLimits = async (deps: ApiDeps, who: { email: string; clientIp: string }): Promise<void> => {
  const { perIp, perAccount } = limitersOf(deps);
  const byIp = await perIp.hit(ipBucket(who.clientIp));
  if (!byIp.allowed) throw tooMany("too many login attempts from this address", byIp.retryAfterSeconds);
  const byAccount = await perAccount.hit(hashToken(who.email));
  if (!byAccount.allowed) throw tooMany("too many login attempts for this account", byAccount.retryAfterSeconds);
};
