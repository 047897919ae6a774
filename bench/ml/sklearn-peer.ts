import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { MonthSplit } from "./splits.ts";

/**
 * Debian's python, not PATH's: PATH's python3 may be a pyenv build without scikit-learn, and the
 * peer must be the distribution's `python3-sklearn`, pinned by the OS rather than by us.
 */
export const PYTHON = "/usr/bin/python3";
const PEER = fileURLToPath(new URL("./sklearn_peer.py", import.meta.url));

const hasSklearn = () => spawnSync(PYTHON, ["-c", "import sklearn"], { stdio: "ignore" }).status === 0;

/**
 * Makes sure Debian's scikit-learn is importable: installs `python3-sklearn` with apt-get when
 * it is missing and we are root. Throws one clear line otherwise (the peer is part of the run).
 */
export const ensureSklearn = (): void => {
  if (hasSklearn()) return;
  if (process.getuid?.() !== 0)
    throw new Error(`${PYTHON} cannot import sklearn and this is not root: run \`apt-get install -y python3-sklearn\``);
  console.log("installing Debian's python3-sklearn (apt-get install -y python3-sklearn)…");
  const install = () =>
    spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "python3-sklearn"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    }).status;
  // A fresh container has no package lists yet: update once, then try again.
  if (install() !== 0) {
    spawnSync("apt-get", ["update"], { stdio: ["ignore", "ignore", "inherit"] });
    if (install() !== 0) throw new Error("apt-get install -y python3-sklearn failed (see the lines above)");
  }
  if (!hasSklearn()) throw new Error(`python3-sklearn installed but ${PYTHON} still cannot import sklearn`);
};

export type PeerSplit = {
  name: string;
  trainRows: number;
  testRows: number;
  trainSeconds: number;
  predicted: string[];
  confidence: number[];
  sklearnAccuracy: number;
  sklearnMacroF1: number;
};
export type PeerAnswer = {
  sklearn: string;
  numpy: string;
  python: string;
  splits: PeerSplit[];
  speed?: {
    rows: number;
    trainSeconds: number;
    batch: number;
    predictRowsPerSec: number;
    predictRowsPerSecAll: number[];
  };
};

/** Runs the peer once over every split (and the speed run if `speed` is given). */
export const runPeer = async (
  csv: string,
  splits: readonly MonthSplit[],
  speed?: { batch: number; passes: number },
): Promise<PeerAnswer> => {
  const plan = {
    csv,
    splits: splits.map((s) => ({
      name: s.name,
      train_from: s.trainFrom,
      train_to: s.trainTo,
      test_from: s.testFrom,
      test_to: s.testTo,
    })),
    speed: speed ?? null,
  };
  const child = spawn(PYTHON, [PEER], { stdio: ["pipe", "pipe", "inherit"] });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => chunks.push(c));
  child.stdin.end(JSON.stringify(plan));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`the scikit-learn peer exited with code ${code}`);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as PeerAnswer;
};
