import { mkdir, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { sha256Hex } from "@fincoach/categorizer";
import type { DbOrTx } from "@fincoach/db";
import { type StoredArtifact, storeModelArtifact } from "@fincoach/domain";
import type { ArtifactStoreConfig } from "../env.ts";

/**
 * Puts a new artifact where the configuration says: the built-in store in PostgreSQL, or a
 * directory (a volume the pods mount) as `<sha256>.onnx`, content-addressed like the built-in
 * store. The file is written under a temporary name and renamed, so a reader never sees half.
 */
export const storeArtifact = async (
  bytes: Uint8Array,
  store: ArtifactStoreConfig,
  db: DbOrTx,
): Promise<StoredArtifact> => {
  if (store.kind === "pg") return storeModelArtifact({ ctx: { db }, bytes });
  const sha256 = sha256Hex(bytes);
  const dir = resolve(store.dir);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${sha256}.onnx`);
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, path);
  return { uri: pathToFileURL(path).href, sha256, size: bytes.byteLength };
};
