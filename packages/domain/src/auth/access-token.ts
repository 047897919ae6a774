import { unauthorized } from "@fincoach/errors";
import { jwtVerify, SignJWT } from "jose";

const ISSUER = "fincoach";
const AUDIENCE = "fincoach-api";

const key = (secret: string) => new TextEncoder().encode(secret);

/** Signs a short-lived access token (HS256 JWT) whose subject is the user id. */
export const signAccessToken = async (secret: string, userId: string, ttlSeconds: number): Promise<string> =>
  new SignJWT({ typ: "access" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(secret));

/** The verified content of an access token. */
export type AccessClaims = { userId: string; expiresAtMs: number };

/** Verifies signature, issuer, audience and expiry; returns the claims or throws UNAUTHORIZED. */
export const verifyAccessClaims = async (secret: string, token: string, nowMs = Date.now()): Promise<AccessClaims> => {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: new Date(nowMs),
    });
    if (payload.typ !== "access" || typeof payload.sub !== "string" || typeof payload.exp !== "number") {
      throw new Error("not an access token");
    }
    return { userId: payload.sub, expiresAtMs: payload.exp * 1000 };
  } catch {
    throw unauthorized("invalid or expired access token");
  }
};
