/**
 * What every manifest must be, checked on the synthesized objects of both profiles (no
 * snapshots): restricted pods with resources, probes and spread, a metrics port, a
 * default-deny NetworkPolicy, no Secret values outside the dev profile, and `npm run synth`
 * writing the same bytes every time.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { SECRET_KEYS } from "./env.ts";
import { nameOf } from "./names.ts";
import { devSettings, PROFILES, type Profile, prodSettings } from "./settings.ts";
import { synthFiles } from "./synth.ts";
import { find, objectsOf, podSpecOf } from "./test-support.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SERVICES = ["api", "ml", "worker", "beat", "operator"] as const;

test("npm run synth writes each profile's files, byte-identical on a second run and to the in-process synth", (t) => {
  const dir = mkdtempSync(`${tmpdir()}/fincoach-synth-`);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const run = () => {
    execFileSync("sh", ["scripts/node.sh", "cdk8s/src/main.ts", "--out", dir], { cwd: ROOT, stdio: "pipe" });
    return Object.fromEntries(
      (Object.keys(PROFILES) as Profile[]).flatMap((p) =>
        readdirSync(`${dir}/${p}`)
          .sort()
          .map((f) => [`${p}/${f}`, readFileSync(`${dir}/${p}/${f}`, "utf8")]),
      ),
    );
  };
  const first = run();
  const second = run();
  assert.deepEqual(Object.keys(first).sort(), [
    "dev/0-dev.yaml",
    "dev/1-crds.yaml",
    "dev/2-migrate.yaml",
    "dev/3-fincoach.yaml",
    "prod/1-crds.yaml",
    "prod/2-migrate.yaml",
    "prod/3-fincoach.yaml",
  ]);
  assert.deepEqual(second, first);
  for (const [file, yaml] of synthFiles(prodSettings())) assert.equal(first[`prod/${file}`], yaml);
});

for (const profile of Object.keys(PROFILES) as Profile[]) {
  const settings = PROFILES[profile]();
  const objects = objectsOf(settings);
  const workloads = objects.filter((o) => podSpecOf(o));

  test(`${profile}: every pod is restricted: non-root, read-only root, no capabilities, RuntimeDefault seccomp`, () => {
    assert.ok(workloads.length >= 6);
    for (const o of workloads) {
      const pod = podSpecOf(o)!;
      assert.equal(pod.securityContext?.runAsNonRoot, true, o.metadata.name);
      assert.equal(pod.securityContext?.seccompProfile?.type, "RuntimeDefault", o.metadata.name);
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const sc = c.securityContext;
        assert.equal(sc?.readOnlyRootFilesystem, true, `${o.metadata.name}/${c.name}`);
        assert.equal(sc?.allowPrivilegeEscalation, false, `${o.metadata.name}/${c.name}`);
        assert.equal(sc?.runAsNonRoot, true, `${o.metadata.name}/${c.name}`);
        assert.deepEqual(sc?.capabilities?.drop, ["ALL"], `${o.metadata.name}/${c.name}`);
        assert.equal(sc?.capabilities?.add, undefined);
        assert.equal(sc?.seccompProfile?.type, "RuntimeDefault");
        assert.ok(c.resources?.requests?.cpu && c.resources.requests.memory, `${o.metadata.name}: requests`);
        assert.ok(c.resources?.limits?.cpu && c.resources.limits.memory, `${o.metadata.name}: limits`);
        assert.ok(
          c.volumeMounts?.some((m) => m.mountPath === "/tmp"),
          `${o.metadata.name}: a writable /tmp`,
        );
      }
      assert.ok((pod.topologySpreadConstraints ?? []).length > 0, `${o.metadata.name}: topology spread`);
    }
  });

  test(`${profile}: every service probes /healthz and /readyz on a port it declares, and names its metrics port`, () => {
    for (const service of SERVICES) {
      const pod = podSpecOf(find(objects, "Deployment", nameOf(service)))!;
      const [c] = pod.containers;
      const ports = new Set((c?.ports ?? []).map((p) => p.name));
      assert.equal(c?.livenessProbe?.httpGet?.path, "/healthz", service);
      assert.equal(c?.startupProbe?.httpGet?.path, "/healthz", service);
      assert.equal(c?.readinessProbe?.httpGet?.path, "/readyz", service);
      assert.ok(ports.has(String(c?.livenessProbe?.httpGet?.port)), `${service}: liveness port declared`);
      assert.ok(ports.has(String(c?.readinessProbe?.httpGet?.port)), `${service}: readiness port declared`);
      assert.ok(ports.has("metrics"), `${service}: a port named metrics`);
      const metricsPort = c?.ports?.find((p) => p.name === "metrics")?.containerPort;
      const envPort = c?.env?.find((e) => e.name === "METRICS_PORT")?.value;
      assert.equal(String(metricsPort), envPort, `${service}: METRICS_PORT is the declared metrics port`);
      const svc = find(objects, "Service", nameOf(service));
      assert.ok(
        svc.spec.ports.some((p: { name: string }) => p.name === "metrics"),
        `${service}: the Service exposes metrics`,
      );
      assert.ok(find(objects, "PodDisruptionBudget", nameOf(service)));
    }
  });

  test(`${profile}: a default-deny NetworkPolicy covers every pod both ways`, () => {
    const deny = objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "fincoach-default-deny");
    assert.ok(deny);
    assert.deepEqual(deny.spec.podSelector, {});
    assert.deepEqual([...deny.spec.policyTypes].sort(), ["Egress", "Ingress"]);
    assert.equal(deny.spec.ingress, undefined);
    assert.equal(deny.spec.egress, undefined);
  });

  test(`${profile}: secrets are referenced, never written into an env value`, () => {
    // WORKER_ENV_SECRET and MODEL_SERVER_SECRET name a Secret; they hold none.
    const namesASecret = new Set(["WORKER_ENV_SECRET", "MODEL_SERVER_SECRET"]);
    const secretish = (name: string) =>
      name in SECRET_KEYS || name.includes("PASSWORD") || (name.includes("SECRET") && !namesASecret.has(name));
    const env = workloads.flatMap((o) => podSpecOf(o)!.containers.flatMap((c) => c.env ?? []));
    assert.ok(env.length > 0);
    for (const e of env.filter((e) => secretish(e.name)))
      assert.ok(e.valueFrom?.secretKeyRef, `${e.name} must come from a Secret`);
  });

  test(`${profile}: the API's HPA scales the API Deployment on CPU`, () => {
    const hpa = find(objects, "HorizontalPodAutoscaler", nameOf("api"));
    assert.equal(hpa.spec.scaleTargetRef.name, nameOf("api"));
    assert.equal(hpa.spec.metrics[0].resource.name, "cpu");
    assert.equal(find(objects, "Deployment", nameOf("api")).spec.replicas, undefined, "the HPA owns replicas");
  });

  test(`${profile}: the operator runs ${settings.operator.replicas} replicas as its generated ServiceAccount, with leader election scoped to its Lease`, () => {
    const d = find(objects, "Deployment", nameOf("operator"));
    assert.equal(d.spec.replicas, 2);
    assert.equal(d.spec.template.spec.serviceAccountName, "fincoach-operator");
    const role = find(objects, "Role", "fincoach-operator-leader-election");
    assert.ok(role.rules.some((r: { resourceNames?: string[] }) => r.resourceNames?.includes("fincoach-operator")));
    assert.equal(objects.filter((o) => o.kind.startsWith("Cluster") && o.kind !== "ClusterRole").length, 0);
    const env = d.spec.template.spec.containers[0].env as {
      name: string;
      valueFrom?: { fieldRef?: { fieldPath: string } };
    }[];
    assert.equal(env.find((e) => e.name === "POD_NAME")?.valueFrom?.fieldRef?.fieldPath, "metadata.name");
  });

  test(`${profile}: every namespaced object is in the settings' namespace`, () => {
    for (const o of objects)
      if (o.kind !== "CustomResourceDefinition")
        assert.equal(o.metadata.namespace, settings.namespace, `${o.kind} ${o.metadata.name}`);
  });
}

test("prod: no Secret object at all (the Secret is the operator's to create)", () => {
  assert.deepEqual(
    objectsOf(prodSettings()).filter((o) => o.kind === "Secret"),
    [],
  );
});

test("dev: one Secret, with the throwaway values, and the in-cluster PostgreSQL and Redis", () => {
  const objects = objectsOf(devSettings());
  const secrets = objects.filter((o) => o.kind === "Secret");
  assert.equal(secrets.length, 1);
  assert.match(secrets[0]?.metadata.annotations?.["fincoach.dev/profile"] ?? "", /throwaway/);
  for (const store of ["postgres", "redis"] as const) {
    const sts = find(objects, "StatefulSet", nameOf(store));
    assert.equal(sts.spec.replicas, 1);
    // Liveness waits for a startup probe with minutes to spare (initdb on a loaded node).
    const c = podSpecOf(sts)?.containers[0];
    assert.deepEqual(c?.startupProbe?.exec?.command, c?.readinessProbe?.exec?.command, store);
    assert.ok((c?.startupProbe?.failureThreshold ?? 0) * (c?.startupProbe?.periodSeconds ?? 0) >= 300, store);
    assert.ok(find(objects, "Service", nameOf(store)));
  }
});

test("the migrate Job runs the file `npm run migrate` runs, in the API image, after its init", () => {
  const rootPackage = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { scripts: Record<string, string> };
  const job = find(objectsOf(prodSettings()), "Job", nameOf("migrate"));
  const [c] = podSpecOf(job)!.containers;
  assert.equal(c?.command, undefined, "the image's ENTRYPOINT (tini) stays");
  assert.equal(c?.args?.[0], "node");
  assert.ok(rootPackage.scripts.migrate?.endsWith(c?.args?.[1] ?? "-"), rootPackage.scripts.migrate);
  assert.match(c?.image ?? "", /\/api:/);
  assert.equal(podSpecOf(job)!.restartPolicy, "Never");
});

test("the API and the ML service wait before SIGTERM so a rolling update loses no request", () => {
  const objects = objectsOf(prodSettings());
  for (const service of ["api", "ml"] as const) {
    const d = find(objects, "Deployment", nameOf(service));
    assert.deepEqual(d.spec.strategy.rollingUpdate, { maxSurge: 1, maxUnavailable: 0 });
    assert.deepEqual(podSpecOf(d)!.containers[0]?.lifecycle?.preStop?.exec?.command, ["sleep", "5"]);
  }
});

test("the NetworkPolicies open exactly the architecture's paths", () => {
  const settings = prodSettings();
  const policies = objectsOf(settings).filter((o) => o.kind === "NetworkPolicy");
  type Rule = { from?: unknown[]; to?: unknown[]; ports?: { port: number | string }[] };
  /** Policies selecting `name`'s pods, with their rules of one direction. */
  const rules = (name: string, direction: "ingress" | "egress"): Rule[] =>
    policies
      .filter((p) => {
        const sel = p.spec.podSelector.matchLabels ?? {};
        return (
          Object.keys(sel).length === 0 ||
          sel["app.kubernetes.io/name"] === name ||
          (sel["app.kubernetes.io/part-of"] === "fincoach" && Object.keys(sel).length === 1)
        );
      })
      .flatMap((p) => (p.spec[direction] ?? []) as Rule[]);
  const allows = (rs: Rule[], port: number | string, peer?: (p: unknown) => boolean) =>
    rs.some((r) => (r.ports ?? []).some((p) => p.port === port) && (!peer || (r.from ?? r.to ?? []).some(peer)));
  const fromNamespace = (ns: string) => (p: unknown) =>
    JSON.stringify(p) === JSON.stringify({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } });
  const pod = (name: string) => (p: unknown) => JSON.stringify(p).includes(`"app.kubernetes.io/name":"${name}"`);

  assert.ok(allows(rules("fincoach-api", "ingress"), "http", fromNamespace(settings.networkPolicy.ingressNamespace)));
  assert.ok(allows(rules("fincoach-ml", "ingress"), 8080, pod("fincoach-api")));
  assert.ok(allows(rules("fincoach-ml", "ingress"), 8080, pod("fincoach-worker")));
  assert.ok(allows(rules("fincoach-api", "egress"), 8080, pod("fincoach-ml")));
  assert.ok(allows(rules("fincoach-worker", "egress"), 8080, pod("fincoach-ml")));
  assert.ok(!allows(rules("fincoach-beat", "egress"), 8080, pod("fincoach-ml")), "beat never calls the ML service");
  for (const name of [
    "fincoach-api",
    "fincoach-ml",
    "fincoach-worker",
    "fincoach-beat",
    "fincoach-operator",
    "fincoach-migrate",
  ]) {
    assert.ok(allows(rules(name, "egress"), 53), `${name}: DNS`);
    assert.ok(allows(rules(name, "egress"), settings.database.port), `${name}: PostgreSQL`);
    assert.ok(allows(rules(name, "egress"), settings.redis.port), `${name}: Redis`);
  }
  assert.ok(allows(rules("fincoach-worker", "egress"), 993), "worker: IMAPS");
  assert.ok(!allows(rules("fincoach-beat", "egress"), 993), "beat: no IMAP");
  for (const name of ["fincoach-operator", "fincoach-beat"])
    assert.ok(allows(rules(name, "egress"), 6443), `${name}: API server`);
  assert.ok(!allows(rules("fincoach-api", "egress"), 6443), "the API never calls the API server");
  for (const name of ["fincoach-api", "fincoach-worker", "fincoach-operator"])
    assert.ok(
      allows(rules(name, "ingress"), "metrics", fromNamespace(settings.networkPolicy.prometheusNamespace)),
      name,
    );
});

test("beat may read and write ConfigMaps in its namespace, and nothing else", () => {
  const objects = objectsOf(prodSettings());
  const role = find(objects, "Role", nameOf("beat"));
  assert.deepEqual(role.rules, [
    { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch", "create", "patch"] },
  ]);
  const binding = find(objects, "RoleBinding", nameOf("beat"));
  assert.equal(binding.roleRef.name, nameOf("beat"));
  assert.deepEqual(
    binding.subjects.map((s: { kind: string; name: string }) => [s.kind, s.name]),
    [["ServiceAccount", nameOf("beat")]],
  );
  assert.equal(find(objects, "ServiceAccount", nameOf("beat")).automountServiceAccountToken, true);
  assert.equal(find(objects, "ServiceAccount", nameOf("api")).automountServiceAccountToken, false);
});

test("the Ingress routes the API's paths to its http port, with TLS", () => {
  const ingress = find(objectsOf(prodSettings()), "Ingress", nameOf("api"));
  const paths = ingress.spec.rules[0].http.paths;
  assert.ok(paths.some((p: { path: string }) => p.path === "/v1"));
  for (const p of paths) assert.deepEqual(p.backend.service, { name: nameOf("api"), port: { name: "http" } });
  assert.deepEqual(ingress.spec.tls, [{ hosts: [prodSettings().ingress.host], secretName: "fincoach-tls" }]);
  assert.deepEqual(find(objectsOf(devSettings()), "Ingress", nameOf("api")).spec.tls, []);
});

test("the workers may deliver webhooks on 443 always, and reach SMTP only once an SMTP_URL key is named", () => {
  type Policy = { metadata: { name: string }; spec: { egress?: { ports?: { port: number }[] }[] } };
  const egressPorts = (settings: ReturnType<typeof prodSettings>, name: string) => {
    const policy = objectsOf(settings).find((o) => o.kind === "NetworkPolicy" && o.metadata.name === name) as
      | Policy
      | undefined;
    return policy?.spec.egress?.flatMap((r) => (r.ports ?? []).map((p) => p.port));
  };
  const prod = prodSettings();
  for (const pods of ["worker", "sync-worker"]) {
    assert.deepEqual(egressPorts(prod, `fincoach-${pods}-webhook-egress`), [443]);
    assert.equal(egressPorts(prod, `fincoach-${pods}-smtp-egress`), undefined, "no SMTP server, no SMTP egress");
    const withSmtp = { ...prod, notifications: { smtp: { ...prod.notifications.smtp, urlSecretKey: "SMTP_URL" } } };
    assert.deepEqual(egressPorts(withSmtp, `fincoach-${pods}-smtp-egress`), [587, 465]);
  }
});
