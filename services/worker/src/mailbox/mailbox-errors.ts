/**
 * The server refused the credentials (wrong password, expired or revoked token). Retrying
 * with the same secret cannot succeed and providers lock accounts after repeated failures:
 * the processor marks the connection as needing attention and does not retry.
 */
export class AuthenticationFailed extends Error {
  override readonly name = "AuthenticationFailed";
}

/** A configured folder does not exist on the server: a settings problem, not a transient one. */
export class FolderNotFound extends Error {
  override readonly name = "FolderNotFound";
  readonly folder: string;
  constructor(folder: string) {
    super(`folder ${JSON.stringify(folder)} does not exist on the server`);
    this.folder = folder;
  }
}
