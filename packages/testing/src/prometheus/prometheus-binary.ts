import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, isAbsolute, join } from "node:path";

export const PROMETHEUS_INSTALL_HINT =
  "install Debian's package as root: apt-get install -y --no-install-recommends prometheus " +
  "(then `systemctl disable --now prometheus` where systemd started it; the tests run their own), " +
  "or point PROMETHEUS_BIN at a prometheus binary";

const executable = (path: string) =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

/**
 * The `prometheus` binary: `PROMETHEUS_BIN`, else the first on PATH. Throws saying how to
 * install it, so a machine without it fails with a fix instead of a spawn ENOENT.
 */
export const prometheusBinary = async (env: NodeJS.ProcessEnv = process.env): Promise<string> => {
  const named = env.PROMETHEUS_BIN;
  if (named) {
    if (isAbsolute(named) && (await executable(named))) return named;
    throw new Error(`PROMETHEUS_BIN=${named} is not an executable absolute path; ${PROMETHEUS_INSTALL_HINT}`);
  }
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, "prometheus");
    if (await executable(candidate)) return candidate;
  }
  throw new Error(`prometheus not found on PATH; ${PROMETHEUS_INSTALL_HINT}`);
};
