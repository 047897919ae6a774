import { randomBytes } from "node:crypto";
import { hashPassword, type PasswordHashing, verifyPassword } from "@fincoach/domain";
import type { ApiConfig } from "../env.ts";
import { createSemaphore, type Semaphore } from "../rate-limit/create-semaphore.ts";

export type PasswordHashingSettings = ApiConfig["auth"]["passwordHashing"];

/** argon2 work under the process-wide cap: every hash and verification takes a permit of `gate`. */
export type CappedPasswordHashing = PasswordHashing & {
  /** The cap itself (tests hold its permits to make hashing busy deterministically). */
  gate: Semaphore;
};

// One per settings object, and toApiConfig makes one per process: so one cap per process,
// whichever route (register, login, account deletion) hashes.
const built = new WeakMap<PasswordHashingSettings, CappedPasswordHashing>();

const create = (settings: PasswordHashingSettings): CappedPasswordHashing => {
  const gate = createSemaphore({
    name: "password hashing",
    permits: settings.concurrency,
    maxQueue: settings.maxQueue,
    maxWaitMs: settings.maxWaitMs,
  });
  const hash = (password: string) => gate.run(() => hashPassword(password));
  const verify = (stored: string, password: string) => gate.run(() => verifyPassword(stored, password));
  let dummy: Promise<string> | undefined;
  const dummyHash = () => {
    dummy ??= hash(randomBytes(16).toString("hex")).catch((e: unknown) => {
      dummy = undefined; // refused while busy: make it on a later call
      throw e;
    });
    return dummy;
  };
  return {
    hash,
    verify,
    verifyAgainstDummy: async (password) => void (await verify(await dummyHash(), password)),
    gate,
  };
};

/**
 * The password hashing of the process whose config holds `settings`. argon2id holds
 * 19 MiB per hash for ~50 ms of a core: without a cap, N parallel sign-ups or logins cost
 * N × 19 MiB at once. Beyond the cap callers wait in a bounded line, then get 429.
 */
export const passwordHashingOf = (settings: PasswordHashingSettings): CappedPasswordHashing => {
  let h = built.get(settings);
  if (!h) {
    h = create(settings);
    built.set(settings, h);
  }
  return h;
};
