/**
 * Lints every Dockerfile (no Docker engine here, so images are not built in CI): the
 * Docker language server's validator (dockerfile-utils, as used by VS Code) plus the
 * project's rules for its images: node:24-slim, a numeric non-root user, production
 * dependencies of the one workspace only, tini as PID 1 forwarding signals to a process that
 * handles SIGTERM, the service's ports exposed, every workspace it runs copied.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import { describe, it } from "node:test";
import { validate } from "dockerfile-utils";
import { parseDockerfile, type Stage } from "./images/dockerfile-stages.ts";
import { IMAGE_NAMES, IMAGES } from "./images/images.ts";

const root = join(import.meta.dirname, "..");
const SKIP = new Set(["node_modules", ".git", ".fincoach"]);

const findDockerfiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return findDockerfiles(path);
    return e.name === "Dockerfile" ? [path] : [];
  });

// Every workspace's folder: `npm ci --workspace X` needs all their manifests to read the lockfile.
const workspaceDirs = (): string[] =>
  (JSON.parse(readFileSync(join(root, "package.json"), "utf8")).workspaces as string[]).flatMap((pattern) =>
    pattern.endsWith("/*")
      ? readdirSync(join(root, pattern.slice(0, -2))).map((d) => `${pattern.slice(0, -2)}/${d}`)
      : [pattern],
  );

const manifest = (dir: string): { name: string; dependencies?: Record<string, string> } =>
  JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));

/** The folders of the workspaces `dir` needs at run time (its production dependencies, transitively). */
const runtimeWorkspaces = (dir: string): string[] => {
  const byName = new Map(workspaceDirs().map((d) => [manifest(d).name, d]));
  const seen = new Set<string>();
  const visit = (d: string): void => {
    if (seen.has(d)) return;
    seen.add(d);
    for (const dep of Object.keys(manifest(d).dependencies ?? {})) {
      const depDir = byName.get(dep);
      if (depDir !== undefined) visit(depDir);
    }
  };
  visit(dir);
  return [...seen].sort();
};

/**
 * The ports each image must EXPOSE: the defaults of PORT (packages/config, 8080) and
 * METRICS_PORT in each service's env.ts. The ML service serves /metrics on PORT.
 */
const PORTS: Record<string, string[]> = {
  api: ["8080/tcp", "9464/tcp"],
  ml: ["8080/tcp"],
  worker: ["9464/tcp"],
  beat: ["9466/tcp"],
  operator: ["8081/tcp"],
};

const runs = (stage: Stage): string[] => stage.steps.flatMap((s) => (s.kind === "run" ? [s.command] : []));
const copiesFrom = (stage: Stage, from: string | null) =>
  stage.steps.flatMap((s) => (s.kind === "copy" && s.copy.from === from ? [s.copy] : []));

describe("Dockerfiles", () => {
  const dockerfiles = findDockerfiles(root).map((p) => relative(root, p));

  it("exist for every image, and every Dockerfile is an image's", () => {
    assert.deepEqual(dockerfiles.sort(), Object.values(IMAGES).sort());
  });

  for (const image of IMAGE_NAMES) {
    const name = IMAGES[image];
    const workspace = dirname(name);
    const text = readFileSync(join(root, name), "utf8");
    const parsed = parseDockerfile(text);
    const { final, config } = parsed;
    const stageNamed = (stage: string): Stage => {
      const found = parsed.stages.find((s) => s.name === stage);
      assert.ok(found, `${name}: no stage ${stage}`);
      return found;
    };

    it(`${name}: no problems from the Dockerfile validator`, () => {
      const problems = validate(text).map((d) => `${name}:${d.range.start.line + 1}: ${d.message}`);
      assert.deepEqual(problems, []);
    });

    it(`${name}: every stage is node:24-slim`, () => {
      assert.deepEqual(
        parsed.stages.map((s) => s.base),
        parsed.stages.map(() => "node:24-slim"),
      );
    });

    it(`${name}: runs as a numeric, non-root user (runAsNonRoot can only check a number)`, () => {
      const match = /^(\d+)(?::(\d+))?$/.exec(config.user);
      assert.ok(match, `USER ${config.user} is not numeric`);
      assert.notEqual(Number(match[1]), 0, "USER is root");
      assert.notEqual(Number(match[2] ?? match[1]), 0, "USER's group is root");
    });

    it(`${name}: installs with npm ci for its own workspace only, production dependencies wherever they reach the image`, () => {
      const installs = parsed.stages.flatMap((s) => runs(s).filter((r) => /^npm (ci|install)\b/.test(r)));
      assert.ok(installs.length > 0, "no npm ci");
      for (const install of installs) {
        assert.match(install, /^npm ci /, `${install}: npm ci installs exactly the lockfile`);
        assert.ok(
          install.includes(`--workspace ${manifest(workspace).name} `),
          `${install}: not scoped to ${manifest(workspace).name}`,
        );
        assert.ok(
          install.includes("--include-workspace-root=false"),
          `${install}: installs the root's dependencies too`,
        );
      }
      const shipped = copiesFrom(final, null).length > 0 ? parsed.stages.slice(0, -1) : [];
      for (const stage of shipped) {
        const copiesModules = final.steps.some(
          (s) =>
            s.kind === "copy" &&
            s.copy.from === stage.name &&
            s.copy.sources.some((src) => src.endsWith("node_modules")),
        );
        if (!copiesModules) continue;
        for (const install of runs(stage).filter((r) => r.startsWith("npm ci")))
          assert.ok(install.includes("--omit=dev"), `${install}: the image gets dev dependencies`);
        // --omit=dev alone leaves every other workspace's production dependencies.
        const prune = `node scripts/images/prune-workspace-modules.ts ${manifest(workspace).name}`;
        const order = runs(stage);
        assert.ok(order.includes(prune), `stage ${stage.name} does not run ${prune}`);
        assert.ok(
          order.indexOf(prune) > order.findIndex((r) => r.startsWith("npm ci")),
          "the pruning runs before the install",
        );
      }
    });

    it(`${name}: copies every workspace manifest the lockfile names`, () => {
      const packagesCopied = /^COPY packages \.\/packages$/m.test(text);
      for (const dir of workspaceDirs()) {
        if (packagesCopied && dir.startsWith("packages/")) continue;
        assert.ok(
          text.includes(`COPY ${dir}/package.json ./${dir}/package.json`),
          `${name} does not copy ${dir}/package.json`,
        );
      }
    });

    it(`${name}: tini is PID 1 and forwards signals to node`, () => {
      assert.deepEqual(config.entrypoint, ["/usr/bin/tini", "--"]);
      const tini = final.steps.find(
        (s) => s.kind === "copy" && s.copy.from !== null && s.copy.sources.includes("/usr/bin/tini"),
      );
      assert.ok(tini?.kind === "copy" && tini.copy.from !== null, "the final stage does not copy /usr/bin/tini");
      assert.ok(
        runs(stageNamed(tini.copy.from)).some((r) => /apt-get install\b.*\btini\b/s.test(r)),
        `stage ${tini.copy.from} does not install Debian's tini`,
      );
      assert.equal(config.cmd[0], "node");
    });

    it(`${name}: exposes the service's port and metrics port`, () => {
      assert.deepEqual([...config.exposedPorts].sort(), PORTS[image]);
    });

    it(`${name}: the command's script is in the image and handles SIGTERM`, () => {
      const script = config.cmd[1] ?? "";
      const target = posix.resolve(config.workdir, script);
      if (image === "operator") {
        // The bundle of operator/src/main.ts, made by the build stage.
        const bundle = final.steps.find(
          (s) => s.kind === "copy" && posix.resolve(config.workdir, s.copy.dest) === target,
        );
        assert.ok(bundle?.kind === "copy" && bundle.copy.from !== null, `${script} is not copied from a build stage`);
        assert.ok(runs(stageNamed(bundle.copy.from)).includes("node operator/build.ts"), "the operator is not bundled");
        assert.match(readFileSync(join(root, "operator/src/main.ts"), "utf8"), /process\.(once|on)\("SIGTERM"/);
        return;
      }
      assert.ok(existsSync(join(root, script)), `${script} does not exist`);
      const copied = copiesFrom(final, null).some((c) =>
        c.sources.some(
          (src) => target.startsWith(`${posix.resolve(config.workdir, c.dest)}/`) && script.startsWith(`${src}/`),
        ),
      );
      assert.ok(copied, `${script} is not copied into the image`);
      // A PID that installs no handler ignores SIGTERM (tini forwards it, it does not act on it).
      assert.match(
        readFileSync(join(root, script), "utf8"),
        /process\.(once|on)\("SIGTERM"/,
        `${script} does not handle SIGTERM`,
      );
    });

    it(`${name}: copies every workspace the service runs`, () => {
      const copied = new Set(copiesFrom(final, null).flatMap((c) => c.sources));
      const missing = runtimeWorkspaces(workspace).filter(
        (dir) => !copied.has(dir) && !(dir.startsWith("packages/") && copied.has("packages")),
      );
      // The operator runs a bundle: its build stage copies what it bundles instead.
      const fromBuild =
        image === "operator" ? new Set(copiesFrom(stageNamed("build"), null).flatMap((c) => c.sources)) : null;
      assert.deepEqual(
        missing.filter((dir) => !(fromBuild?.has(dir) || (fromBuild?.has("packages") && dir.startsWith("packages/")))),
        [],
      );
    });
  }
});
