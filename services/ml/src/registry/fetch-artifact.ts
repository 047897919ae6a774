import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { DbOrTx } from "@fincoach/db";
import { pgArtifactDigest, readModelArtifact } from "@fincoach/domain";

export type FetchArtifactOptions = { db: DbOrTx; timeoutMs: number };

/**
 * An artifact's bytes by URI: `file://` (a mounted volume), `http(s)://` (a plain GET), or
 * `pg://model-artifacts/<sha256>` (the built-in store). Throws an Error naming the URI; the
 * caller verifies the digest, whatever the source.
 */
export const fetchArtifact = async (uri: string, { db, timeoutMs }: FetchArtifactOptions): Promise<Uint8Array> => {
  const scheme = uri.slice(0, uri.indexOf(":"));
  switch (scheme) {
    case "file":
      return readFile(fileURLToPath(uri)).catch((e: NodeJS.ErrnoException) => {
        throw new Error(`cannot read ${uri}: ${e.code ?? e.message}`);
      });
    case "http":
    case "https":
      return fetchHttp(uri, timeoutMs);
    case "pg": {
      const sha256 = pgArtifactDigest(uri);
      if (!sha256) throw new Error(`${uri} is not pg://model-artifacts/<sha256>`);
      return readModelArtifact({ ctx: { db }, sha256 });
    }
    default:
      throw new Error(`${uri}: unsupported artifact scheme (file://, http(s)://, pg://model-artifacts/)`);
  }
};

const fetchHttp = async (uri: string, timeoutMs: number): Promise<Uint8Array> => {
  let res: Response;
  try {
    res = await fetch(uri, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new Error(`cannot fetch ${uri}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new Error(`cannot fetch ${uri}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
};
