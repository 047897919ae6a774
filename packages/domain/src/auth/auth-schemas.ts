import { z } from "zod";
import { Timestamp, Uuid } from "../shared/schemas.ts";

export const PASSWORD_MIN_CHARACTERS = 8;
export const PASSWORD_MAX_BYTES = 1024;

const TOO_LONG = `must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)`;
const utf8Bytes = (s: string) => Buffer.byteLength(s, "utf8");
/** Code points (not UTF-16 units: an emoji is one character) that aren't whitespace. */
const nonWhitespace = (s: string) => Array.from(s.replace(/\s/gu, "")).length;

/** Trimmed and lower-cased: one canonical form per address, matching the lower(email) unique index. */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .pipe(z.email("must be an email address like alice@example.com"))
  .meta({ format: "email", example: "alice@example.com" });

/**
 * The policy for new passwords, applied to the NFC form (what is hashed), so `é` typed as
 * one code point or as `e` + combining accent is one password. Never trimmed: every
 * character counts, but at least 8 must be other than whitespace. The byte bound caps
 * hashing work; NUL is refused because some clients and libraries end strings there.
 */
export const NewPassword = z
  .string()
  // Cheap first bound (a UTF-16 unit is at least one UTF-8 byte) before normalising a huge string.
  .max(PASSWORD_MAX_BYTES, { error: TOO_LONG, abort: true })
  .overwrite((s) => s.normalize("NFC"))
  .refine((s) => !s.includes("\0"), "must not contain NUL characters")
  .refine((s) => utf8Bytes(s) <= PASSWORD_MAX_BYTES, TOO_LONG)
  .refine(
    (s) => nonWhitespace(s) >= PASSWORD_MIN_CHARACTERS,
    `must be at least ${PASSWORD_MIN_CHARACTERS} characters, not counting whitespace`,
  )
  .meta({ example: "correct horse battery staple" });

export const RegisterBody = z.object({ email: Email, password: NewPassword }).meta({ id: "RegisterRequest" });
export type RegisterBody = z.infer<typeof RegisterBody>;

/**
 * A password to check (login, account deletion): not the new-password policy (it may have
 * changed since), only the bound on hashing work. Kept as typed: `checkPassword`
 * normalises it, and also tries the typed form for hashes made before normalisation.
 */
export const CurrentPassword = z
  .string()
  .min(1, "is required")
  .max(PASSWORD_MAX_BYTES, { error: TOO_LONG, abort: true })
  .refine((s) => utf8Bytes(s) <= PASSWORD_MAX_BYTES, TOO_LONG);

export const LoginBody = z.object({ email: Email, password: CurrentPassword }).meta({ id: "LoginRequest" });
export type LoginBody = z.infer<typeof LoginBody>;

/** Deleting the account asks for the password again: a stolen access token alone can't. */
export const DeleteMeBody = z.object({ password: CurrentPassword }).meta({ id: "DeleteMeRequest" });
export type DeleteMeBody = z.infer<typeof DeleteMeBody>;

export const RefreshBody = z.object({ refreshToken: z.string().min(1).max(200) }).meta({ id: "RefreshRequest" });
export type RefreshBody = z.infer<typeof RefreshBody>;

export const AuthUser = z.object({ id: Uuid, email: z.string() }).meta({ id: "AuthUser" });
export type AuthUser = z.infer<typeof AuthUser>;

/** What register, login and refresh answer: the person and a fresh token pair. */
export const AuthSession = z
  .object({
    user: AuthUser,
    /** Short-lived JWT for `Authorization: Bearer`. */
    accessToken: z.string(),
    /** Single-use; exchange at /v1/auth/refresh for a new pair. */
    refreshToken: z.string(),
  })
  .meta({ id: "AuthSession" });
export type AuthSession = z.infer<typeof AuthSession>;

export const MeView = z.object({ id: Uuid, email: z.string(), createdAt: Timestamp }).meta({ id: "Me" });
export type MeView = z.infer<typeof MeView>;
