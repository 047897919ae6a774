import { type Algorithm, hash, parseOptions, verify } from "@node-rs/argon2";

// `Algorithm` is an ambient const enum, which isolated modules can't read at runtime.
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
export const PASSWORD_HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/*
 * The argon2 primitives, ungated. Request paths use `passwordHashingOf(settings)`
 * (password-hashing.ts), which runs these under the process-wide concurrency cap.
 */

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
