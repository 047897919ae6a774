/**
 * Dependency rules, run with the tests (`npm run cycles`):
 * 1. every `@fincoach/*` import in a workspace's source is declared in its package.json,
 *    so the declared graph is the real one;
 * 2. the workspace graph has no cycle;
 * 3. deployables (services/*, operator, cdk8s) are leaves: nothing depends on them except bench;
 * 4. no cycle between files inside a workspace (madge, relative imports).
 * Prints one line per violation and exits 1 if there is any.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(import.meta.dirname, "..");
type Workspace = { name: string; dir: string; deps: Set<string> };

const workspaces: Workspace[] = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
  .workspaces.flatMap((pattern: string) =>
    pattern.endsWith("/*")
      ? readdirSync(join(root, pattern.slice(0, -2))).map((d) => join(pattern.slice(0, -2), d))
      : [pattern],
  )
  .map((dir: string) => {
    const pkg = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) => d.startsWith("@fincoach/"));
    return { name: pkg.name, dir, deps: new Set(deps) };
  });

const violations: string[] = [];
const sourceFiles = (dir: string): string[] => {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = join(dir, e);
    if (e === "node_modules") return [];
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
};

for (const ws of workspaces) {
  for (const file of sourceFiles(join(root, ws.dir))) {
    for (const [, name] of readFileSync(file, "utf8").matchAll(/from\s+["'](@fincoach\/[a-z0-9-]+)/g)) {
      if (name && name !== ws.name && !ws.deps.has(name))
        violations.push(`${relative(root, file)} imports ${name}, not declared in ${ws.dir}/package.json`);
    }
  }
}

const byName = new Map(workspaces.map((w) => [w.name, w]));
const visit = (name: string, path: string[]): void => {
  if (path.includes(name)) {
    violations.push(`workspace cycle: ${[...path.slice(path.indexOf(name)), name].join(" -> ")}`);
    return;
  }
  for (const dep of byName.get(name)?.deps ?? []) visit(dep, [...path, name]);
};
for (const ws of workspaces) visit(ws.name, []);

const isDeployable = (dir: string) => /^(services\/|operator$|cdk8s$)/.test(dir);
for (const ws of workspaces) {
  if (ws.dir === "bench") continue;
  for (const dep of ws.deps) {
    const target = byName.get(dep);
    if (target && isDeployable(target.dir))
      violations.push(`${ws.name} depends on deployable ${dep}: share code through packages/ instead`);
  }
}

const dirs = workspaces.map((w) => w.dir).filter((d) => sourceFiles(join(root, d)).length > 0);
try {
  execFileSync(
    join(root, "node_modules/.bin/madge"),
    ["--circular", "--no-spinner", "--extensions", "ts", "--ts-config", "tsconfig.json", ...dirs],
    {
      cwd: root,
      stdio: "pipe",
    },
  );
} catch (e) {
  violations.push(`file cycle(s):\n${String((e as { stdout?: Buffer }).stdout ?? e)}`);
}

for (const v of [...new Set(violations)]) process.stderr.write(`dependency rule: ${v}\n`);
process.stdout.write(`dependency rules: ${workspaces.length} workspaces checked, ${violations.length} violation(s)\n`);
process.exit(violations.length > 0 ? 1 : 0);
