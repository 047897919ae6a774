/**
 * Lints every Dockerfile (no Docker engine here, so images are not built in CI): the
 * Docker language server's validator (dockerfile-utils, as used by VS Code) plus the
 * project's rules for its images.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { validate } from "dockerfile-utils";

const root = join(import.meta.dirname, "..");
const SKIP = new Set(["node_modules", ".git", ".fincoach"]);

const findDockerfiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return findDockerfiles(path);
    return e.name === "Dockerfile" ? [path] : [];
  });

// Every workspace's package.json: `npm ci --workspace X` needs all of them to read the lockfile.
const workspaceManifests = (): string[] =>
  (JSON.parse(readFileSync(join(root, "package.json"), "utf8")).workspaces as string[]).flatMap((pattern) =>
    pattern.endsWith("/*")
      ? readdirSync(join(root, pattern.slice(0, -2))).map((d) => `${pattern.slice(0, -2)}/${d}/package.json`)
      : [`${pattern}/package.json`],
  );

const dockerfiles = findDockerfiles(root);

describe("Dockerfiles", () => {
  it("exist for the API, the ML service and the operator", () => {
    const names = dockerfiles.map((p) => relative(root, p)).sort();
    assert.deepEqual(names, ["operator/Dockerfile", "services/api/Dockerfile", "services/ml/Dockerfile"]);
  });

  for (const path of dockerfiles) {
    const name = relative(root, path);
    const text = readFileSync(path, "utf8");

    it(`${name}: no problems from the Dockerfile validator`, () => {
      const problems = validate(text).map((d) => `${name}:${d.range.start.line + 1}: ${d.message}`);
      assert.deepEqual(problems, []);
    });

    it(`${name}: node:24-slim, runs as the unprivileged node user, installs with npm ci`, () => {
      const froms = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
      assert.ok(froms.length > 0 && froms.every((f) => f === "node:24-slim"), `FROM lines: ${froms.join(", ")}`);
      assert.match(text, /^USER node$/m);
      assert.match(text, /^RUN npm ci (--omit=dev )?--workspace @fincoach\/\S+/m);
    });

    it(`${name}: copies every workspace manifest the lockfile names`, () => {
      const packagesCopied = /^COPY packages \.\/packages$/m.test(text);
      for (const manifest of workspaceManifests()) {
        if (packagesCopied && manifest.startsWith("packages/")) continue;
        assert.ok(text.includes(`COPY ${manifest} ./${manifest}`), `${name} does not copy ${manifest}`);
      }
    });
  }
});
