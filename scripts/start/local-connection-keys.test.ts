import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseKeyring } from "@fincoach/domain";
import { localConnectionKeys } from "./local-connection-keys.ts";

test("npm start's connection key is a valid keyring, kept across starts in a 0600 file", () => {
  const dir = mkdtempSync(join(tmpdir(), "fincoach-keys-"));
  try {
    const first = localConnectionKeys(dir);
    assert.equal(parseKeyring(first).current.id, "local");
    assert.equal(localConnectionKeys(dir), first);
    assert.equal(statSync(join(dir, "connection-key")).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
