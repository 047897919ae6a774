import { needsRehash, type PasswordHashing } from "./password.ts";

export type PasswordCheck = {
  matches: boolean;
  /** The stored hash should be replaced by `hash(nfc)`: older parameters, or made before normalisation. */
  rehash: boolean;
  /** The form to hash when `rehash`: NFC. */
  nfc: string;
};

/**
 * Checks a typed password against a stored hash, or (no account) spends the same work on a
 * dummy, so neither answer nor timing tells whether the account exists. Passwords are
 * hashed in NFC, so that is tried first; hashes made before passwords were normalised hold
 * the form as typed, so a non-NFC input is tried as typed too (and then rehashed as NFC).
 */
export const checkPassword = async (
  hashing: PasswordHashing,
  stored: string | undefined,
  typed: string,
): Promise<PasswordCheck> => {
  const nfc = typed.normalize("NFC");
  const forms = nfc === typed ? [nfc] : [nfc, typed];
  for (const [i, form] of forms.entries()) {
    if (stored === undefined) await hashing.verifyAgainstDummy(form);
    else if (await hashing.verify(stored, form)) return { matches: true, rehash: i > 0 || needsRehash(stored), nfc };
  }
  return { matches: false, rehash: false, nfc };
};
