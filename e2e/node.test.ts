/**
 * A real single-node cluster on this machine (REAL-CLUSTER.md), brought up by e2e/cluster and
 * used as a person would: a two-replica Deployment becomes Ready, one of its pods reaches the
 * other through the Service's DNS name and the apiserver through its ServiceAccount token, an
 * HPA reads the pods' CPU from metrics-server, an Ingress routes its host and path to the
 * Service through the node's ingress controller, and the teardown leaves the machine as it was.
 * Runs as root (like CI); the first run on a machine builds the node's binaries (see README.md).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eventually } from "@fincoach/testing";
import { fetch } from "undici";
import { INGRESS_CLASS, NODE_IP, type RealNode, startNode } from "./cluster/index.ts";
import { ingressAgent } from "./test-support/ingress-client.ts";
import { buildTestImages } from "./test-support/test-images.ts";

const ECHO_HOST = "echo.e2e.test";

// A tiny HTTP server that answers with its pod's name, run by the API's test image's node
// binary (any image with node serves: this one is built for the suite anyway).
const SERVER = `
const http = require("node:http");
const server = http.createServer((req, res) => res.end(require("node:os").hostname()));
server.listen(8080);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

// Run inside a pod: the Service by its DNS names, and the apiserver with the pod's token.
const CLIENT = `
const token = require("node:fs").readFileSync("/var/run/secrets/kubernetes.io/serviceaccount/token", "utf8");
(async () => {
  const names = [];
  for (const url of ["http://echo.default.svc.cluster.local/", "http://echo/"]) {
    for (let i = 0; i < 6; i++) names.push(await (await fetch(url)).text());
  }
  const api = await fetch("https://kubernetes.default.svc/api", { headers: { authorization: "Bearer " + token } });
  console.log(JSON.stringify({ names, apiStatus: api.status, api: await api.json() }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

const manifests = (image: string) => ({
  apiVersion: "v1",
  kind: "List",
  items: [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "echo", namespace: "default" },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "echo" } },
        template: {
          metadata: { labels: { app: "echo" } },
          spec: {
            terminationGracePeriodSeconds: 5,
            containers: [
              {
                name: "echo",
                image,
                imagePullPolicy: "Never",
                command: ["/usr/local/bin/node", "-e", SERVER],
                // The projected ServiceAccount CA, for the client's HTTPS call to the apiserver.
                env: [{ name: "NODE_EXTRA_CA_CERTS", value: "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt" }],
                ports: [{ containerPort: 8080 }],
                readinessProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 1 },
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "echo", namespace: "default" },
      spec: { selector: { app: "echo" }, ports: [{ port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "echo", namespace: "default" },
      spec: {
        ingressClassName: INGRESS_CLASS,
        rules: [
          {
            host: ECHO_HOST,
            http: {
              paths: [
                { path: "/echo", pathType: "Prefix", backend: { service: { name: "echo", port: { number: 80 } } } },
              ],
            },
          },
        ],
      },
    },
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "echo", namespace: "default" },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "echo" },
        minReplicas: 2,
        maxReplicas: 3,
        metrics: [
          { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } },
        ],
      },
    },
  ],
});

describe("a real single-node cluster", { timeout: 110 * 60_000 }, () => {
  let node: RealNode | undefined;
  let leftovers: string[] | undefined;
  const kubectl = async (args: string[], input?: string) => {
    if (!node) throw new Error("no node");
    const result = await node.kubectl(args, { input, timeoutMs: 90_000 });
    if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
  };

  before(
    async () => {
      const { images, pause } = await buildTestImages(["api"]);
      // The machine's one node may be another e2e file's for a while (they run one at a time).
      node = await startNode({
        images: [...images, pause].map((i) => i.tarFile),
        pauseImage: pause.reference,
        lockTimeoutMs: 60 * 60_000,
      });
      const api = images.find((i) => i.reference.includes("/api:"));
      assert.ok(api, "the api test image was built");
      await kubectl(["apply", "-f", "-"], JSON.stringify(manifests(api.reference)));
    },
    { timeout: 100 * 60_000 },
  );

  after(async () => {
    leftovers = await node?.stop();
  });

  test("the two-replica Deployment becomes available", { timeout: 180_000 }, async () => {
    await kubectl(["rollout", "status", "deployment/echo", "--timeout=150s"]);
    const ready = await kubectl(["get", "deployment", "echo", "-o", "jsonpath={.status.readyReplicas}"]);
    assert.equal(ready, "2");
  });

  test("a pod reaches the Service by its DNS names and the apiserver with its token", {
    timeout: 120_000,
  }, async () => {
    const pods = (await kubectl(["get", "pods", "-l", "app=echo", "-o", "jsonpath={.items[*].metadata.name}"]))
      .trim()
      .split(" ");
    assert.equal(pods.length, 2);
    const out = await eventually(
      async () => JSON.parse(await kubectl(["exec", pods[0] ?? "", "--", "/usr/local/bin/node", "-e", CLIENT])),
      90_000,
      1_000,
    );
    assert.equal(out.names.length, 12);
    for (const name of out.names) assert.ok(pods.includes(name), `${name} is one of ${pods.join(", ")}`);
    assert.equal(out.apiStatus, 200);
    assert.equal(out.api.kind, "APIVersions");
  });

  test("the HPA reads the pods' CPU from metrics-server", { timeout: 180_000 }, async () => {
    const podMetrics = await eventually(
      async () => {
        const list = JSON.parse(
          await kubectl([
            "get",
            "--raw",
            "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Decho",
          ]),
        ) as { items: { containers: { usage: { cpu: string } }[] }[] };
        assert.equal(list.items.length, 2);
        return list;
      },
      150_000,
      2_000,
    );
    for (const pod of podMetrics.items) assert.match(pod.containers[0]?.usage.cpu ?? "", /^\d+(n|u|m)?$/);
    const hpa = await eventually(
      async () => {
        const status = JSON.parse(await kubectl(["get", "hpa", "echo", "-o", "json"])).status as {
          currentMetrics?: { resource?: { current?: { averageUtilization?: number } } }[];
          conditions?: { type: string; status: string }[];
        };
        assert.equal(status.conditions?.find((c) => c.type === "ScalingActive")?.status, "True");
        return status;
      },
      150_000,
      2_000,
    );
    assert.equal(typeof hpa.currentMetrics?.[0]?.resource?.current?.averageUtilization, "number");
  });

  test("the ingress controller routes the Ingress's host and path to the Service's pods", {
    timeout: 120_000,
  }, async () => {
    const pods = (await kubectl(["get", "pods", "-l", "app=echo", "-o", "jsonpath={.items[*].metadata.name}"]))
      .trim()
      .split(" ");
    const agent = ingressAgent();
    const get = async (host: string, path: string) => {
      const res = await fetch(`http://${host}${path}`, { dispatcher: agent, signal: AbortSignal.timeout(10_000) });
      return { status: res.status, body: await res.text() };
    };
    try {
      // The controller picks the Ingress up from the apiserver and publishes its own address.
      await eventually(
        async () => {
          const ip = await kubectl(["get", "ingress", "echo", "-o", "jsonpath={.status.loadBalancer.ingress[0].ip}"]);
          assert.equal(ip, NODE_IP);
          assert.equal((await get(ECHO_HOST, "/echo")).status, 200);
        },
        90_000,
        1_000,
      );
      // Balanced over both ready endpoints, as the Service would be.
      const names = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const res = await get(ECHO_HOST, "/echo/anything");
        assert.equal(res.status, 200);
        assert.ok(pods.includes(res.body), `${res.body} is one of ${pods.join(", ")}`);
        names.add(res.body);
      }
      assert.equal(names.size, 2, [...names].join(", "));
      // Nothing else is routed: another path on the host, or the path on another host.
      assert.equal((await get(ECHO_HOST, "/other")).status, 404);
      assert.equal((await get("other.e2e.test", "/echo")).status, 404);
    } finally {
      await agent.close();
    }
  });

  test("the node's teardown leaves the machine as it was", { timeout: 120_000 }, async () => {
    leftovers = await node?.stop();
    assert.deepEqual(leftovers, []);
  });
});
