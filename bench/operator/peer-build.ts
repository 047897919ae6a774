import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { access, readdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The controller-runtime peer's Go module (its own go.mod/go.sum, pinned versions). */
export const PEER_MODULE = fileURLToPath(new URL("./controller-runtime-peer/", import.meta.url));

// Rebuilt only when a source (tests aside), go.mod or go.sum changes: the directory is named by their hash.
const sourceHash = async (): Promise<string> => {
  const hash = createHash("sha256");
  for (const file of (await readdir(PEER_MODULE)).filter((f) => /(?<!_test)\.go$|^go\.(mod|sum)$/.test(f)).sort()) {
    hash.update(file).update(await readFile(join(PEER_MODULE, file)));
  }
  return hash.digest("hex").slice(0, 16);
};

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Builds the peer with Go (`GO`, else /usr/local/go/bin/go, else `go` on PATH) into
 * `~/.cache/fincoach/controller-runtime-peer/<source hash>/`, printing the command; a
 * second run with the same sources reuses the binary. `-mod=readonly`: go.sum must already
 * pin every module, so the build cannot drift to other versions.
 */
export const buildControllerRuntimePeer = async (log: (line: string) => void): Promise<string> => {
  const out = join(
    homedir(),
    ".cache",
    "fincoach",
    "controller-runtime-peer",
    await sourceHash(),
    "controller-runtime-peer",
  );
  if (await exists(out)) {
    log(`controller-runtime peer: ${out} (built before from the same sources)`);
    return out;
  }
  const go = process.env.GO ?? ((await exists("/usr/local/go/bin/go")) ? "/usr/local/go/bin/go" : "go");
  const args = ["build", "-mod=readonly", "-trimpath", "-o", out, "."];
  log(`building the controller-runtime peer: (cd ${PEER_MODULE} && GOTOOLCHAIN=local ${go} ${args.join(" ")})`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, args, {
      cwd: PEER_MODULE,
      env: { ...process.env, GOTOOLCHAIN: "local" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`go build exited ${code}`))));
  });
  return out;
};
