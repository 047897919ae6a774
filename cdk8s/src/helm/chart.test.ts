/**
 * The committed chart is what the generator writes (regenerated and compared byte for
 * byte), `helm lint` passes, and `helm template` renders exactly the cdk8s synth for the
 * same settings: prod (values.yaml), dev (values-dev.yaml), monitoring off, ingress off.
 * Helm is the real one, built from its Go module (scripts/helm/build.sh, cached).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { devSettings, type FincoachSettings, prodSettings } from "../settings.ts";
import { synthObjects } from "../synth.ts";
import { generateChart, MIGRATE_HOOK_ANNOTATIONS } from "./generate.ts";
import { BLOCKS } from "./sentinels.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CHART = `${ROOT}charts/fincoach`;
const helm =
  execFileSync("bash", [`${ROOT}scripts/helm/build.sh`], { encoding: "utf8" })
    .trim()
    .split("\n")
    .at(-1) ?? "";

const run = (args: string[]) =>
  execFileSync(helm, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

type Obj = { kind: string; metadata: { name: string; annotations?: Record<string, string> } };
const key = (o: Obj) => `${o.kind}/${o.metadata.name}`;
const sorted = (objects: Obj[]) => [...objects].sort((a, b) => key(a).localeCompare(key(b)));

/** helm template's objects, the migrate hook's annotations taken off (the one thing only Helm has). */
const rendered = (args: string[]): Obj[] =>
  sorted(
    parseAllDocuments(run(["template", "fincoach", "charts/fincoach", "--namespace", "fincoach", ...args]))
      .map((d) => d.toJS() as Obj | null)
      .filter((o): o is Obj => o !== null)
      .map((o) => {
        if (o.kind !== "Job") return o;
        const annotations = { ...o.metadata.annotations };
        for (const k of Object.keys(MIGRATE_HOOK_ANNOTATIONS)) delete annotations[k];
        const { annotations: _hook, ...metadata } = o.metadata;
        return { ...o, metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata };
      }),
  );

const synthesized = (settings: FincoachSettings): Obj[] =>
  sorted(synthObjects(settings).map((o) => o.json as unknown as Obj));

test("the committed chart is what the generator writes, file for file", () => {
  const generated = generateChart();
  const committed = readdirSync(`${CHART}/templates`).map((f) => `templates/${f}`);
  assert.deepEqual(
    committed.sort(),
    [...generated.keys()].filter((p) => p.startsWith("templates/")).sort(),
    "run: npm run -w cdk8s helm:generate",
  );
  for (const [path, content] of generated)
    assert.equal(readFileSync(`${CHART}/${path}`, "utf8"), content, `${path} differs: npm run -w cdk8s helm:generate`);
});

test("every value is used by some template (no setting the chart would silently ignore)", () => {
  const templates = [...generateChart()]
    .filter(([p]) => p.startsWith("templates/"))
    .map(([, c]) => c)
    .join("\n");
  const leaves = (value: unknown, path: string): string[] =>
    BLOCKS.includes(path) || typeof value !== "object" || value === null
      ? [path]
      : Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  const { namespace: _namespace, ...values } = prodSettings();
  const unused = leaves(values, "").filter(
    (path) => !new RegExp(`\\.Values\\.${path.replaceAll(".", "\\.")}\\b`).test(templates),
  );
  assert.deepEqual(unused, []);
});

test("helm lint passes with the prod and the dev values", () => {
  run(["lint", "--strict", "charts/fincoach"]);
  run(["lint", "--strict", "charts/fincoach", "-f", "charts/fincoach/values-dev.yaml"]);
});

const CASES: [string, string[], () => FincoachSettings][] = [
  ["prod (values.yaml)", [], prodSettings],
  ["dev (values-dev.yaml)", ["-f", "charts/fincoach/values-dev.yaml"], devSettings],
  [
    "monitoring off",
    ["--set", "monitoring.enabled=false"],
    () => ({ ...prodSettings(), monitoring: { ...prodSettings().monitoring, enabled: false } }),
  ],
  [
    "ingress off",
    ["--set", "ingress.enabled=false"],
    () => ({ ...prodSettings(), ingress: { ...prodSettings().ingress, enabled: false } }),
  ],
  [
    "other image, replicas, resources, host and datastores",
    [
      "--set",
      "image.tag=9.9.9",
      "--set",
      "image.repository=registry.local/fc",
      "--set",
      "ml.replicas=5",
      "--set",
      "api.resources.limits.memory=3Gi",
      "--set",
      "ingress.host=money.example.org",
      "--set",
      "database.cidr=10.1.2.0/24",
      "--set",
      "redis.port=6380",
      "--set",
      "secretName=my-secret",
      "--set",
      "ingress.annotations.cert-manager\\.io/cluster-issuer=letsencrypt",
    ],
    () => {
      const p = prodSettings();
      return {
        ...p,
        image: { ...p.image, tag: "9.9.9", repository: "registry.local/fc" },
        ml: { ...p.ml, replicas: 5 },
        api: { ...p.api, resources: { ...p.api.resources, limits: { ...p.api.resources.limits, memory: "3Gi" } } },
        ingress: {
          ...p.ingress,
          host: "money.example.org",
          annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" },
        },
        database: { ...p.database, cidr: "10.1.2.0/24" },
        redis: { ...p.redis, port: 6380 },
        secretName: "my-secret",
      };
    },
  ],
  [
    "e-mail, webhook ranges and LLM nudges configured",
    [
      "--set",
      "notifications.smtp.urlSecretKey=SMTP_URL",
      "--set",
      "notifications.smtp.from=Coach <coach@example.org>",
      "--set",
      "webhooks.allowPrivate=true",
      "--set",
      "webhooks.allowedCidrs=10.20.0.0/16",
      "--set",
      "nudges.llm.baseUrl=https://llm.example.org/v1",
      "--set",
      "nudges.llm.model=small-model",
    ],
    () => {
      const p = prodSettings();
      return {
        ...p,
        notifications: { smtp: { urlSecretKey: "SMTP_URL", from: "Coach <coach@example.org>" } },
        webhooks: { allowPrivate: true, allowedCidrs: "10.20.0.0/16" },
        nudges: { llm: { ...p.nudges.llm, baseUrl: "https://llm.example.org/v1", model: "small-model" } },
      };
    },
  ],
];

for (const [name, args, settings] of CASES)
  test(`helm template with ${name} renders exactly the cdk8s synth`, () => {
    const helmObjects = rendered(args);
    const cdk8sObjects = synthesized(settings());
    assert.deepEqual(helmObjects.map(key), cdk8sObjects.map(key));
    assert.deepEqual(helmObjects, cdk8sObjects);
  });

test("the migrate Job is a pre-install/pre-upgrade hook (post-install with the in-release dev database)", () => {
  const hook = (args: string[]) =>
    parseAllDocuments(run(["template", "fincoach", "charts/fincoach", "--namespace", "fincoach", ...args]))
      .map((d) => d.toJS() as Obj | null)
      .find((o) => o?.kind === "Job")?.metadata.annotations?.["helm.sh/hook"];
  assert.equal(hook([]), "pre-install,pre-upgrade");
  assert.equal(hook(["-f", "charts/fincoach/values-dev.yaml"]), "post-install,pre-upgrade");
});
