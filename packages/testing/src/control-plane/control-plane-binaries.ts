import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const BUILD_SCRIPT = join(import.meta.dirname, "../../../../scripts/control-plane/build.sh");
const NAMES = ["etcd", "kube-apiserver", "kubectl"] as const;

let cached: Promise<string> | undefined;

/**
 * The directory holding etcd, kube-apiserver and kubectl: `FINCOACH_CONTROL_PLANE_BIN` when
 * set, else what `scripts/control-plane/build.sh` prints (it exits at once when its cache
 * is warm, and builds once per machine otherwise).
 */
export const controlPlaneBinDir = (): Promise<string> => {
  cached ??= locate().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
};

const locate = async (): Promise<string> => {
  const fromEnv = process.env.FINCOACH_CONTROL_PLANE_BIN;
  const dir = fromEnv ?? (await fromBuildScript());
  const missing = NAMES.filter((name) => !existsSync(join(dir, name)));
  if (missing.length > 0) throw new Error(`control plane: ${missing.join(", ")} missing in ${dir}`);
  return dir;
};

const fromBuildScript = async (): Promise<string> => {
  // A cold build takes 10-20 minutes; the maxBuffer covers go's download chatter on stdout.
  const { stdout } = await run("bash", [BUILD_SCRIPT], { maxBuffer: 64 * 1024 * 1024, timeout: 60 * 60 * 1000 });
  const dir = stdout.trim().split("\n").at(-1)?.trim();
  if (!dir) throw new Error(`control plane: ${BUILD_SCRIPT} printed no bin directory`);
  return dir;
};

/**
 * kube-controller-manager's path in `binDir`. Only tests that ask for controllers need it,
 * so a bin dir from before scripts/control-plane/build.sh built it still serves the others.
 */
export const controllerManagerBin = (binDir: string): string => {
  const bin = join(binDir, "kube-controller-manager");
  if (!existsSync(bin)) {
    throw new Error(
      `control plane: kube-controller-manager missing in ${binDir} (scripts/control-plane/build.sh builds it)`,
    );
  }
  return bin;
};
