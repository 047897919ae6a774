/**
 * skaffold.yaml (no skaffold binary here): every image has an artifact built from its
 * Dockerfile, both profiles render what the cdk8s synth writes (run for real into a scratch
 * directory) through a synth hook, every image the manifests name from our repository is an
 * artifact (so skaffold swaps in its build), and the API's port-forward names a Service and
 * port the manifests have.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, globSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, parseAllDocuments } from "yaml";
import { IMAGE_NAMES, IMAGE_REPOSITORY, IMAGES, REPO_ROOT } from "./images/images.ts";

type HostHook = { host?: { command?: string[] } };
type Manifests = { rawYaml?: string[]; hooks?: { before?: HostHook[] } };
type Skaffold = {
  apiVersion: string;
  kind: string;
  build: { artifacts: { image: string; context?: string; docker?: { dockerfile?: string } }[] };
  manifests: Manifests;
  deploy: { kubectl?: unknown };
  portForward: { resourceType: string; resourceName: string; namespace?: string; port: number | string }[];
  profiles: { name: string; manifests?: Manifests }[];
};

const skaffold = parse(readFileSync(join(REPO_ROOT, "skaffold.yaml"), "utf8")) as Skaffold;
const PROFILE_NAMES = ["dev", "prod"];
const SYNTH = ["npm", "run", "synth"];
const DIST = "cdk8s/dist";

const profile = (name: string) => {
  const found = skaffold.profiles.find((p) => p.name === name);
  assert.ok(found, `no profile ${name}`);
  return found;
};

type K8sObject = {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
};

/** Every `image:` anywhere in an object (containers, initContainers, the operator's env...). */
const imagesIn = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(imagesIn);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => (k === "image" && typeof v === "string" ? [v] : imagesIn(v)));
};

describe("skaffold.yaml", () => {
  it("uses the v4beta schema", () => {
    assert.match(skaffold.apiVersion, /^skaffold\/v4beta\d+$/);
    assert.equal(skaffold.kind, "Config");
  });

  it("builds every image from its Dockerfile, named as the manifests name it", () => {
    const artifacts = skaffold.build.artifacts;
    assert.deepEqual(artifacts.map((a) => a.image).sort(), IMAGE_NAMES.map((n) => `${IMAGE_REPOSITORY}/${n}`).sort());
    for (const artifact of artifacts) {
      const name = artifact.image.slice(IMAGE_REPOSITORY.length + 1) as keyof typeof IMAGES;
      assert.equal(artifact.context, ".", `${artifact.image}: the Dockerfiles build from the repository root`);
      assert.equal(artifact.docker?.dockerfile, IMAGES[name]);
      assert.ok(existsSync(join(REPO_ROOT, IMAGES[name])), `${IMAGES[name]} does not exist`);
    }
  });

  it("deploys with kubectl, and has the dev and prod profiles", () => {
    assert.ok(skaffold.deploy.kubectl !== undefined);
    assert.deepEqual(skaffold.profiles.map((p) => p.name).sort(), PROFILE_NAMES);
  });

  it("runs the synth before every render, and the synth exists", () => {
    for (const manifests of [skaffold.manifests, ...PROFILE_NAMES.map((n) => profile(n).manifests)])
      assert.deepEqual(
        manifests?.hooks?.before?.map((h) => h.host?.command),
        [SYNTH],
      );
    const scripts = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    assert.ok(scripts.synth, "package.json has no synth script");
  });

  it("renders the dev profile by default", () => {
    assert.deepEqual(skaffold.manifests.rawYaml, profile("dev").manifests?.rawYaml);
  });

  describe("against what the synth writes", () => {
    let out = "";
    before(() => {
      // The synth's own --out: a scratch copy, so cdk8s/dist is never pulled from under a reader.
      out = mkdtempSync(join(tmpdir(), "fincoach-skaffold-"));
      execFileSync("sh", [join(REPO_ROOT, "scripts/node.sh"), join(REPO_ROOT, "cdk8s/src/main.ts"), "--out", out], {
        stdio: ["ignore", "ignore", "inherit"],
      });
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    /** A profile's rawYaml globs, read in the scratch directory instead of cdk8s/dist. */
    const rendered = (name: string): string[] =>
      (profile(name).manifests?.rawYaml ?? []).flatMap((pattern) => {
        assert.ok(pattern.startsWith(`${DIST}/${name}/`), `${name}: ${pattern} is not under ${DIST}/${name}/`);
        return globSync(join(out, relative(DIST, pattern))).sort();
      });

    const objects = (name: string): K8sObject[] =>
      rendered(name).flatMap((file) =>
        parseAllDocuments(readFileSync(file, "utf8"), { version: "1.1" })
          .map((d) => d.toJS() as K8sObject | null)
          .filter((o): o is K8sObject => o !== null),
      );

    for (const name of PROFILE_NAMES) {
      it(`${name}: renders every file the synth writes for it, in apply order`, () => {
        const written = readdirSync(join(out, name)).sort();
        assert.ok(written.length > 0, `the synth wrote nothing for ${name}`);
        assert.deepEqual(
          rendered(name).map((f) => relative(join(out, name), f)),
          written,
        );
      });

      it(`${name}: every image of ours the manifests name is built by skaffold`, () => {
        const ours = [...new Set(objects(name).flatMap(imagesIn))].filter((i) => i.startsWith(`${IMAGE_REPOSITORY}/`));
        assert.ok(ours.length > 0, "the manifests name none of our images");
        const artifacts = new Set(skaffold.build.artifacts.map((a) => a.image));
        for (const image of ours)
          assert.ok(artifacts.has(image.replace(/:[^:/]+$/, "")), `${image} is not an artifact`);
      });

      it(`${name}: the port-forward names the API's Service and port`, () => {
        for (const forward of skaffold.portForward) {
          assert.equal(forward.resourceType.toLowerCase(), "service");
          const service = objects(name).find(
            (o) =>
              o.kind === "Service" &&
              o.metadata.name === forward.resourceName &&
              o.metadata.namespace === forward.namespace,
          );
          assert.ok(service, `no Service ${forward.namespace}/${forward.resourceName}`);
          const ports = (service.spec?.ports ?? []) as { port: number; name?: string }[];
          assert.ok(
            ports.some((p) => p.port === Number(forward.port) || p.name === forward.port),
            `Service ${forward.resourceName} has no port ${forward.port}`,
          );
        }
        assert.ok(skaffold.portForward.some((f) => f.resourceName === "fincoach-api"));
      });
    }
  });
});
