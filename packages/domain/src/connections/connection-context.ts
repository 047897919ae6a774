import type { Ctx } from "../shared/context.ts";
import type { Keyring } from "../shared/secret-box.ts";

/** A use case that seals or opens a connection's credential also needs the configured keys. */
export type SecretCtx = Ctx & { keyring: Keyring };
