import { type Algorithm, hash, parseOptions, verify } from "@node-rs/argon2";

// `Algorithm` is an ambient const enum, which isolated modules can't read at runtime.
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
export const PASSWORD_HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/*
 * The argon2 primitives, ungated. The use cases take a `PasswordHashing` instead: the API's
 * runs these under its process-wide concurrency cap (services/api/src/auth/password-hashing.ts).
 */

/** argon2 work as the use cases need it; the deployable decides how much may run at once. */
export type PasswordHashing = {
  hash: (password: string) => Promise<string>;
  verify: (stored: string, password: string) => Promise<boolean>;
  /**
   * Spends the same work as a real check, for logins naming no account, so response time
   * doesn't tell which emails are registered.
   */
  verifyAgainstDummy: (password: string) => Promise<void>;
};

/** argon2id hash in PHC format (`$argon2id$v=19$m=19456,t=2,p=1$…`), salt included. */
export const hashPassword = (password: string): Promise<string> => hash(password, PASSWORD_HASH_OPTIONS);

/** Constant-time check; a malformed stored hash simply doesn't match. */
export const verifyPassword = async (stored: string, password: string): Promise<boolean> => {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
};

/** Whether a stored hash was made with other parameters than today's (rehash on next login). */
export const needsRehash = (stored: string): boolean => {
  try {
    const o = parseOptions(stored);
    const want = PASSWORD_HASH_OPTIONS;
    return (
      o.algorithm !== want.algorithm ||
      o.memoryCost !== want.memoryCost ||
      o.timeCost !== want.timeCost ||
      o.parallelism !== want.parallelism
    );
  } catch {
    return true;
  }
};
