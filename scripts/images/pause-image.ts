/**
 * The pod sandbox image of the single-node cluster: scripts/images/pause/main.go built static
 * (CGO_ENABLED=0, so it needs no libraries) into a one-file image named PAUSE_IMAGE, for
 * containerd's `sandbox_image`. Both the binary and the tar are cached by content hash.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { IMAGE_REPOSITORY } from "./images.ts";
import { writeOciLayout } from "./oci-layout.ts";

export const PAUSE_IMAGE = `${IMAGE_REPOSITORY}/pause:1`;
const SOURCE_DIR = join(import.meta.dirname, "pause");
// The nobody-like uid upstream's pause image runs as.
const PAUSE_USER = "65535:65535";

export const buildPauseImage = async (cacheDir: string): Promise<{ reference: string; tarFile: string }> => {
  const goVersion = execFileSync("go", ["env", "GOVERSION"], { encoding: "utf8" }).trim();
  const key = createHash("sha256")
    .update(goVersion)
    .update(readFileSync(join(SOURCE_DIR, "go.mod")))
    .update(readFileSync(join(SOURCE_DIR, "main.go")))
    .update(PAUSE_IMAGE)
    .digest("hex")
    .slice(0, 32);
  mkdirSync(cacheDir, { recursive: true });
  const tarFile = join(cacheDir, `pause-${key}.tar`);
  if (existsSync(tarFile)) return { reference: PAUSE_IMAGE, tarFile };
  const binary = join(cacheDir, `pause-${key}.bin`);
  if (!existsSync(binary)) {
    const scratch = `${binary}.${process.pid}.tmp`;
    execFileSync("go", ["build", "-trimpath", "-ldflags=-s -w", "-o", scratch, "."], {
      cwd: SOURCE_DIR,
      env: { ...process.env, CGO_ENABLED: "0", GOOS: "linux", GOARCH: "amd64", GOFLAGS: "-mod=mod" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    renameSync(scratch, binary);
  }
  await writeOciLayout({
    entries: [{ type: "file", path: "/pause", source: binary, mode: 0o755 }],
    config: { User: PAUSE_USER, Env: [], Entrypoint: ["/pause"], Cmd: [], WorkingDir: "/" },
    reference: PAUSE_IMAGE,
    outFile: tarFile,
  });
  return { reference: PAUSE_IMAGE, tarFile };
};
