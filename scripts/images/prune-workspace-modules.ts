/**
 * `node scripts/images/prune-workspace-modules.ts <workspace name>` (in an image's deps stage,
 * after `npm ci --omit=dev --workspace <name>`): removes from node_modules every package that
 * workspace does not reach through production dependencies.
 *
 * Why: npm's --omit=dev drops only what the lockfile marks dev for the whole monorepo, so an
 * API image would still carry what the ML service, the operator or the test helpers need in
 * production (onnxruntime-node alone is ~290 MB, @kubernetes/client-node ~65 MB), and
 * --workspace still links dev-only workspaces. This walks package-lock.json from the
 * workspace with Node's resolution (nested node_modules first, then upward) and keeps only
 * what it reaches.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

type LockEntry = {
  version?: string;
  dev?: boolean;
  workspaces?: string[];
  devDependencies?: Record<string, string>;
  link?: boolean;
  resolved?: string;
  name?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};
export type Lock = { packages: Record<string, LockEntry> };

// The folder whose node_modules Node searches next: a nested package's parent package, else the root.
const parentOf = (dir: string): string | null => {
  if (dir === "") return null;
  const nested = dir.lastIndexOf("/node_modules/");
  return nested >= 0 ? dir.slice(0, nested) : "";
};

const resolve = (lock: Lock, name: string, from: string): string | null => {
  for (let dir: string | null = from; dir !== null; dir = parentOf(dir)) {
    const key = `${dir === "" ? "" : `${dir}/`}node_modules/${name}`;
    if (lock.packages[key] !== undefined) return key;
  }
  return null;
};

/** The lockfile keys (`node_modules/...` paths) the workspace at `workspaceDir` needs at run time. */
export const reachableModules = (lock: Lock, workspaceDir: string): Set<string> => {
  const keep = new Set<string>();
  const visited = new Set<string>();
  const visit = (dir: string): void => {
    if (visited.has(dir)) return;
    visited.add(dir);
    const entry = lock.packages[dir];
    if (entry === undefined) throw new Error(`package-lock.json has no entry ${dir}`);
    const optional = new Set([
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.entries(entry.peerDependenciesMeta ?? {}).flatMap(([n, m]) => (m.optional ? [n] : [])),
    ]);
    const wanted = new Set([
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}),
    ]);
    for (const name of wanted) {
      const key = resolve(lock, name, dir);
      if (key === null) {
        // npm skips optional dependencies for other platforms: nothing to keep.
        if (optional.has(name)) continue;
        throw new Error(`${dir || "the root"} needs ${name}, which package-lock.json does not have`);
      }
      keep.add(key);
      const target = lock.packages[key];
      // A workspace is linked: its own dependencies resolve from its folder.
      visit(target?.link && target.resolved !== undefined ? target.resolved : key);
    }
  };
  visit(workspaceDir);
  return keep;
};

// Every installed package folder under `modules` (scoped and nested ones too), as lockfile keys.
const installed = (root: string, modules: string): string[] => {
  const dir = join(root, modules);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    if (name.startsWith(".")) return [];
    if (name.startsWith("@"))
      return readdirSync(join(dir, name)).flatMap((scoped) => {
        const key = `${modules}/${name}/${scoped}`;
        return [key, ...installed(root, `${key}/node_modules`)];
      });
    const key = `${modules}/${name}`;
    return [key, ...installed(root, `${key}/node_modules`)];
  });
};

/** Removes from `root`/node_modules what the workspace named `workspace` does not reach; returns the removed keys. */
export const pruneWorkspaceModules = (root: string, workspace: string): string[] => {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as Lock;
  const workspaceDir = Object.entries(lock.packages).find(
    ([key, entry]) => !key.includes("node_modules/") && key !== "" && entry.name === workspace,
  )?.[0];
  if (workspaceDir === undefined) throw new Error(`no workspace ${workspace} in package-lock.json`);
  const keep = reachableModules(lock, workspaceDir);
  const removed: string[] = [];
  for (const key of installed(root, "node_modules")) {
    if (keep.has(key) || (!existsSync(join(root, key)) && !isLink(join(root, key)))) continue;
    // Inside a removed package already: gone with it.
    if (removed.some((r) => key.startsWith(`${r}/`))) continue;
    rmSync(join(root, key), { recursive: true, force: true });
    removed.push(key);
  }
  // Commands of removed packages.
  const bin = join(root, "node_modules", ".bin");
  if (existsSync(bin))
    for (const name of readdirSync(bin)) if (!existsSync(join(bin, name))) rmSync(join(bin, name), { force: true });
  for (const scope of readdirSync(join(root, "node_modules")).filter((n) => n.startsWith("@")))
    if (readdirSync(join(root, "node_modules", scope)).length === 0)
      rmSync(join(root, "node_modules", scope), { recursive: true });
  return removed;
};

const isLink = (path: string): boolean => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};

if (import.meta.main) {
  const workspace = process.argv[2];
  if (workspace === undefined) {
    process.stderr.write("usage: node scripts/images/prune-workspace-modules.ts <workspace name>\n");
    process.exit(2);
  }
  const removed = pruneWorkspaceModules(process.cwd(), workspace);
  const left = statSync(join(process.cwd(), "node_modules")).isDirectory()
    ? readdirSync(join(process.cwd(), "node_modules")).length
    : 0;
  process.stdout.write(
    `prune-workspace-modules: ${workspace}: removed ${removed.length} packages, ${left} entries left\n`,
  );
}
