/**
 * Replays a Dockerfile's build stages on this machine (no Docker engine here) so the test
 * images get what the final stage copies from them:
 *   - a stage whose RUNs only install Debian packages (`apt-get ...`) stands for this
 *     machine's own files (Debian like node:24-slim): `COPY --from=init /usr/bin/tini` takes
 *     /usr/bin/tini from here, after checking it exists;
 *   - any other stage is replayed in a scratch root: its COPYs from the context, ENVs, and
 *     RUNs (with Node 24 first on PATH) run for real, e.g. the very `npm ci --omit=dev` line
 *     of the Dockerfile. Its result is cached by a hash of what it read.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { copyFromContext, readDockerIgnore } from "./context-files.ts";
import type { Stage } from "./dockerfile-stages.ts";

export type StageResolver = (stage: string, absolutePath: string) => string;

const isPackageInstallOnly = (stage: Stage): boolean =>
  stage.steps.some((s) => s.kind === "run") &&
  stage.steps.every((s) => s.kind !== "run" || /^apt-get\s/.test(s.command.trim()));

// `npm ci` reads only the manifests and the lockfile, and the pruning script (copied on its
// own) only those and node_modules: hashing just the manifests and single-file COPYs keeps a
// source edit from re-running the install (the result holds no copy of the sources, only
// links to them).
const readsOnlyManifests = (stage: Stage): boolean =>
  stage.steps.every(
    (s) =>
      s.kind !== "run" || /^(npm ci|node scripts\/images\/prune-workspace-modules\.ts)(\s|$)/.test(s.command.trim()),
  );

const MANIFEST = /(^|\/)(package\.json|package-lock\.json)$/;

const stageKey = (stage: Stage, contextRoot: string, nodeBinary: string): string => {
  const hash = createHash("sha256").update(JSON.stringify(stage.steps)).update(nodeBinary);
  hash.update(String(statSync(nodeBinary).size));
  const manifestsOnly = readsOnlyManifests(stage);
  const ignored = readDockerIgnore(contextRoot);
  for (const step of stage.steps) {
    if (step.kind !== "copy" || step.copy.from !== null) continue;
    const singleFiles = new Set(step.copy.sources.map((source) => join(contextRoot, source)));
    for (const entry of copyFromContext(contextRoot, step.copy.sources, step.copy.dest, "/", ignored)) {
      if (statSync(entry.source).isDirectory()) continue;
      if (manifestsOnly && !MANIFEST.test(entry.target) && !singleFiles.has(entry.source)) continue;
      hash.update(`${entry.target}\0`).update(readFileSync(entry.source));
    }
  }
  return hash.digest("hex").slice(0, 32);
};

const replay = (stage: Stage, contextRoot: string, rootfs: string, nodeBinary: string): void => {
  const ignored = readDockerIgnore(contextRoot);
  let workdir = "/";
  const env: Record<string, string> = {};
  for (const step of stage.steps) {
    if (step.kind === "workdir") {
      workdir = posix.resolve(workdir, step.path);
      mkdirSync(join(rootfs, workdir), { recursive: true });
    } else if (step.kind === "env") env[step.name] = step.value;
    else if (step.kind === "copy") {
      if (step.copy.from !== null) throw new Error(`stage ${stage.name}: COPY --from inside a replayed stage`);
      for (const entry of copyFromContext(contextRoot, step.copy.sources, step.copy.dest, workdir, ignored)) {
        if (statSync(entry.source).isDirectory()) mkdirSync(join(rootfs, entry.target), { recursive: true });
        else {
          mkdirSync(dirname(join(rootfs, entry.target)), { recursive: true });
          cpSync(entry.source, join(rootfs, entry.target), { verbatimSymlinks: true });
        }
      }
    } else {
      const result = spawnSync("sh", ["-c", step.command], {
        cwd: join(rootfs, workdir),
        env: { ...process.env, ...env, PATH: `${dirname(nodeBinary)}:${process.env.PATH ?? ""}` },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.status !== 0)
        throw new Error(`stage ${stage.name}: RUN ${step.command} failed (${result.status}):\n${result.stderr}`);
    }
  }
};

/** Where replayed stages are kept: `<cacheDir>/stages/<image>-<stage>-<key>`, never changed once there. */
export const stagesDir = (cacheDir: string): string => join(cacheDir, "stages");

// Each replay of an install is hundreds of MB: only the newest of an image's stage is kept.
const pruneOlder = (dir: string, prefix: string, keep: string): void => {
  for (const name of readdirSync(dir))
    if (name.startsWith(prefix) && name !== keep && !name.endsWith(".tmp"))
      rmSync(join(dir, name), { recursive: true, force: true });
};

/**
 * A resolver from (stage, absolute path in that stage) to a path on this machine, replaying
 * builder stages of `image` into the cache on first use.
 */
export const stageResolver = (
  image: string,
  stages: Stage[],
  contextRoot: string,
  cacheDir: string,
  nodeBinary: string,
): StageResolver => {
  const roots = new Map<string, string>();
  return (name, absolutePath) => {
    const stage = stages.find((s) => s.name === name);
    if (stage === undefined) throw new Error(`COPY --from=${name}: no such stage`);
    if (isPackageInstallOnly(stage)) {
      if (!existsSync(absolutePath))
        throw new Error(
          `COPY --from=${name} ${absolutePath}: stage ${name} installs Debian packages, which test images take from this machine; install them here (${stage.steps.find((s) => s.kind === "run")?.command})`,
        );
      return absolutePath;
    }
    let root = roots.get(name);
    if (root === undefined) {
      const prefix = `${image}-${name}-`;
      const dirName = `${prefix}${stageKey(stage, contextRoot, nodeBinary)}`;
      root = join(stagesDir(cacheDir), dirName);
      if (!existsSync(root)) {
        const scratch = `${root}.${process.pid}.tmp`;
        rmSync(scratch, { recursive: true, force: true });
        mkdirSync(scratch, { recursive: true });
        replay(stage, contextRoot, scratch, nodeBinary);
        // Two builders replaying the same stage at once: the first rename wins, the same bytes.
        try {
          renameSync(scratch, root);
        } catch {
          rmSync(scratch, { recursive: true, force: true });
        }
        pruneOlder(stagesDir(cacheDir), prefix, dirName);
      }
      roots.set(name, root);
    }
    const path = join(root, absolutePath);
    if (!existsSync(path)) throw new Error(`COPY --from=${name} ${absolutePath}: stage ${name} did not make it`);
    return path;
  };
};
