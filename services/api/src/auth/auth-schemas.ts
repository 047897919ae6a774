import { Timestamp, Uuid } from "@fincoach/domain";
import { z } from "zod";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** Trimmed and lower-cased: one canonical form per address, matching the lower(email) unique index. */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .pipe(z.email("must be an email address like alice@example.com"))
  .meta({ format: "email", example: "alice@example.com" });

/** The policy for new passwords. Never trimmed: every character counts. */
export const NewPassword = z
  .string()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`)
  .meta({ example: "correct horse battery staple" });

export const RegisterBody = z.object({ email: Email, password: NewPassword }).meta({ id: "RegisterRequest" });
export type RegisterBody = z.infer<typeof RegisterBody>;

/** Login doesn't re-apply the policy (it may have changed), only a bound on hashing work. */
export const LoginBody = z
  .object({ email: Email, password: z.string().min(1, "is required").max(PASSWORD_MAX) })
  .meta({ id: "LoginRequest" });
export type LoginBody = z.infer<typeof LoginBody>;

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
