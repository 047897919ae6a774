/**
 * The pruning on a small monorepo laid out as npm installs one: a lockfile and the
 * node_modules folders it describes (hoisted, nested, scoped, workspace links, a command).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Lock, pruneWorkspaceModules, reachableModules } from "./prune-workspace-modules.ts";

const LOCK: Lock = {
  packages: {
    "": { name: "mono", workspaces: ["services/*", "packages/*"] },
    "services/app": {
      name: "@mono/app",
      dependencies: { "@mono/lib": "*", express: "^1" },
      devDependencies: { "@mono/testing": "*", typescript: "^5" },
    },
    "services/other": { name: "@mono/other", dependencies: { heavy: "^1" } },
    "packages/lib": {
      name: "@mono/lib",
      dependencies: { "@scope/util": "^2" },
      optionalDependencies: { "fsevents-like": "^1" },
    },
    "packages/testing": { name: "@mono/testing", dependencies: { "k8s-client": "^1" } },
    "node_modules/@mono/app": { resolved: "services/app", link: true },
    "node_modules/@mono/other": { resolved: "services/other", link: true },
    "node_modules/@mono/lib": { resolved: "packages/lib", link: true },
    "node_modules/@mono/testing": { resolved: "packages/testing", link: true },
    "node_modules/express": { version: "1.0.0", dependencies: { debug: "^2" } },
    // express needs debug 2 (nested), @scope/util needs debug 4 (hoisted).
    "node_modules/express/node_modules/debug": { version: "2.0.0" },
    "node_modules/debug": { version: "4.0.0", dev: true },
    "node_modules/@scope/util": {
      version: "2.0.0",
      dependencies: { debug: "^4" },
      peerDependencies: { "peer-x": "*" },
      peerDependenciesMeta: { "peer-x": { optional: true } },
    },
    "node_modules/heavy": { version: "1.0.0" },
    "node_modules/k8s-client": { version: "1.0.0" },
    "node_modules/typescript": { version: "5.0.0", dev: true },
  },
};

const PACKAGE_DIRS = [
  "node_modules/express",
  "node_modules/express/node_modules/debug",
  "node_modules/debug",
  "node_modules/@scope/util",
  "node_modules/heavy",
  "node_modules/k8s-client",
  "node_modules/typescript",
];
const LINKS = {
  "@mono/app": "services/app",
  "@mono/other": "services/other",
  "@mono/lib": "packages/lib",
  "@mono/testing": "packages/testing",
};

describe("prune-workspace-modules", () => {
  let root = "";
  before(() => {
    root = mkdtempSync(join(tmpdir(), "fincoach-prune-"));
    writeFileSync(join(root, "package-lock.json"), JSON.stringify(LOCK));
    for (const dir of PACKAGE_DIRS) {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, "package.json"), "{}");
    }
    for (const [name, target] of Object.entries(LINKS)) {
      mkdirSync(join(root, target), { recursive: true });
      mkdirSync(dirname(join(root, "node_modules", name)), { recursive: true });
      symlinkSync(join("..", "..", target), join(root, "node_modules", name));
    }
    mkdirSync(join(root, "node_modules/.bin"));
    symlinkSync("../typescript/bin/tsc", join(root, "node_modules/.bin/tsc"));
    mkdirSync(join(root, "node_modules/typescript/bin"));
    writeFileSync(join(root, "node_modules/typescript/bin/tsc"), "");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("reaches production dependencies through workspace links, nested before hoisted", () => {
    assert.deepEqual([...reachableModules(LOCK, "services/app")].sort(), [
      "node_modules/@mono/lib",
      "node_modules/@scope/util",
      "node_modules/debug",
      "node_modules/express",
      "node_modules/express/node_modules/debug",
    ]);
  });

  it("removes other workspaces' production dependencies, dev-only workspaces, dev packages and their commands", () => {
    const removed = pruneWorkspaceModules(root, "@mono/app").sort();
    assert.deepEqual(removed, [
      "node_modules/@mono/app",
      "node_modules/@mono/other",
      "node_modules/@mono/testing",
      "node_modules/heavy",
      "node_modules/k8s-client",
      "node_modules/typescript",
    ]);
    for (const kept of [
      "node_modules/express/node_modules/debug",
      "node_modules/@scope/util",
      "node_modules/@mono/lib",
    ])
      assert.ok(existsSync(join(root, kept)), `${kept} was removed`);
    assert.equal(existsSync(join(root, "node_modules/.bin/tsc")), false);
  });

  it("refuses a required dependency the lockfile lacks", () => {
    const broken: Lock = {
      packages: { ...LOCK.packages, "services/app": { name: "@mono/app", dependencies: { missing: "^1" } } },
    };
    assert.throws(() => reachableModules(broken, "services/app"), /needs missing/);
  });
});
