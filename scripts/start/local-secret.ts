import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A secret generated on first start and kept in the data folder (mode 0600), so local
 * tokens stay valid across restarts without anyone choosing a secret by hand.
 */
export const localSecret = (dataDir: string, name: string): string => {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
};
