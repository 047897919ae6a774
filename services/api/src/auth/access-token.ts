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

/** Verifies signature, issuer, audience and expiry; returns the user id or throws UNAUTHORIZED. */
export const verifyAccessToken = async (secret: string, token: string): Promise<string> => {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
    });
    if (payload.typ !== "access" || typeof payload.sub !== "string") throw new Error("not an access token");
    return payload.sub;
  } catch {
    throw unauthorized("invalid or expired access token");
  }
};
