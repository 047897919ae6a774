import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * CONNECTION_KEYS for `npm start`: one AES-256 key generated on first start and kept in
 * the data folder (mode 0600), so credentials sealed today still open after a restart.
 * Losing the file loses every stored connection credential (people re-enter them).
 */
export const localConnectionKeys = (dataDir: string): string => {
  const file = join(dataDir, "connection-key");
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
  return `local:${readFileSync(file, "utf8").trim()}`;
};
