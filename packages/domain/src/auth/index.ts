export { type AccessClaims, signAccessToken, verifyAccessClaims } from "./access-token.ts";
export {
  AuthSession,
  AuthUser,
  CurrentPassword,
  DeleteMeBody,
  Email,
  LoginBody,
  MeView,
  NewPassword,
  PASSWORD_MAX_BYTES,
  PASSWORD_MIN_CHARACTERS,
  RefreshBody,
  RegisterBody,
} from "./auth-schemas.ts";
export { checkPassword, type PasswordCheck } from "./check-password.ts";
export {
  CreatePersonalAccessToken,
  createPersonalAccessToken,
  NewPersonalAccessToken,
} from "./create-personal-access-token.ts";
export { deleteMe } from "./delete-me.ts";
export { deletePersonalAccessToken } from "./delete-personal-access-token.ts";
export { getMe } from "./get-me.ts";
export { type AuthTokenSettings, issueSession } from "./issue-session.ts";
export { listPersonalAccessTokens } from "./list-personal-access-tokens.ts";
export { loginUser } from "./login-user.ts";
export { hashPassword, needsRehash, PASSWORD_HASH_OPTIONS, type PasswordHashing, verifyPassword } from "./password.ts";
export { PersonalAccessTokenView } from "./personal-access-token-view.ts";
export { registerUser } from "./register-user.ts";
export { revokeRefreshFamily } from "./revoke-refresh-family.ts";
export { rotateRefreshToken } from "./rotate-refresh-token.ts";
export { hashToken, newOpaqueToken, PAT_PREFIX, REFRESH_PREFIX } from "./token-hash.ts";
