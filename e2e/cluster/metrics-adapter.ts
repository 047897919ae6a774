import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  freePort,
  issueCert,
  type ManagedProcess,
  startProcess,
  waitHealthy,
  writeKubeconfig,
} from "@fincoach/testing";
import { clusterRoleFor, hostService } from "./cluster-addons.ts";
import { caFiles } from "./node-certificates.ts";
import { APISERVER_PORT, METRICS_ADAPTER_PORT, NODE_IP, type NodePaths } from "./node-layout.ts";
import { readProcessRecord, writeProcessRecord } from "./node-processes.ts";
import { hostPrometheusConfig, type PromSample, prometheusFlags, promQuery } from "./node-prometheus.ts";
import type { RealNode } from "./start-node.ts";

const run = promisify(execFile);
const BUILD_SCRIPT = join(import.meta.dirname, "../../scripts/metrics-adapter/build.sh");
const PROMETHEUS_USER = "system:fincoach-prometheus";
const ADAPTER_USER = "system:prometheus-adapter";
const ADAPTER_SERVICE = "prometheus-adapter";

/** What the pipeline runs with: the configuration a chart ships (its ConfigMaps' contents). */
export type ExternalMetricsSource = {
  /** A `scrape_configs` document for a Prometheus in the cluster (kubernetes_sd), e.g. the chart's `scrape-configs.yaml`. */
  scrapeConfigs: string;
  /** Rule files by name (the chart's `rules.yaml`): Prometheus refuses to start on one it cannot load. */
  rules?: Record<string, string>;
  /** prometheus-adapter's `config.yaml`. */
  adapterConfig: string;
};

export type ExternalMetrics = {
  /** Prometheus' HTTP API, on loopback. */
  readonly prometheusUrl: string;
  query(promql: string): Promise<PromSample[]>;
};

/**
 * The folder with prometheus-adapter and prometheus that scripts/metrics-adapter/build.sh
 * built (at once when cached). Its own Prometheus, not Debian's: Debian builds it without
 * Kubernetes discovery.
 */
const pipelineBinDir = async (): Promise<string> => {
  const { stdout } = await run("bash", [BUILD_SCRIPT], { maxBuffer: 64 * 1024 * 1024, timeout: 60 * 60_000 });
  const dir = stdout.trim().split("\n").at(-1)?.trim();
  if (!dir) throw new Error(`metrics adapter: ${BUILD_SCRIPT} printed no bin directory`);
  return dir;
};

/**
 * Starts a process as one of the node's: logged in its folder, and added to its process
 * record so that the node's teardown (or a later run's, or the watchdog's) stops it.
 */
const startNodeProcess = (paths: NodePaths, name: string, bin: string, args: readonly string[]): ManagedProcess => {
  const proc = startProcess(bin, args, join(paths.logs, `${name}.log`));
  if (proc.child.pid) {
    const cmdline = readFileSync(`/proc/${proc.child.pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
    writeProcessRecord(paths.pids, [...readProcessRecord(paths.pids), { name, pid: proc.child.pid, cmdline }]);
  }
  return proc;
};

/**
 * The RBAC of both identities as upstream grants it (Prometheus' Kubernetes discovery;
 * prometheus-adapter's deploy/manifests), prometheus-adapter's Service without a selector
 * pointing at the node's address, and the v1beta1.external.metrics.k8s.io APIService. The
 * HPA controller's own bootstrap role already reads external.metrics.k8s.io.
 */
const externalMetricsObjects = (caCert: string): object => ({
  apiVersion: "v1",
  kind: "List",
  items: [
    ...clusterRoleFor(PROMETHEUS_USER, "fincoach-node:prometheus", [
      { apiGroups: [""], resources: ["nodes", "services", "endpoints", "pods"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
    ]),
    ...clusterRoleFor(ADAPTER_USER, "fincoach-node:prometheus-adapter", [
      { apiGroups: [""], resources: ["nodes", "namespaces", "pods", "services"], verbs: ["get", "list", "watch"] },
    ]),
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "prometheus-adapter:system:auth-delegator" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: ADAPTER_USER }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "prometheus-adapter-auth-reader", namespace: "kube-system" },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "Role",
        name: "extension-apiserver-authentication-reader",
      },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: ADAPTER_USER }],
    },
    ...hostService(ADAPTER_SERVICE, undefined, [
      { name: "https", protocol: "TCP", port: 443, targetPort: METRICS_ADAPTER_PORT },
    ]),
    {
      apiVersion: "apiregistration.k8s.io/v1",
      kind: "APIService",
      metadata: { name: "v1beta1.external.metrics.k8s.io" },
      spec: {
        group: "external.metrics.k8s.io",
        version: "v1beta1",
        service: { name: ADAPTER_SERVICE, namespace: "kube-system", port: 443 },
        caBundle: readFileSync(caCert).toString("base64"),
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    },
  ],
});

/**
 * The node's external metrics pipeline, as host processes like metrics-server (README.md):
 * Prometheus discovering and scraping pods with `source.scrapeConfigs` (Kubernetes discovery
 * against the apiserver with its own client certificate), and prometheus-adapter serving
 * external.metrics.k8s.io from `source.adapterConfig` out of that Prometheus, registered as
 * the v1beta1.external.metrics.k8s.io APIService behind a Service without a selector (the
 * aggregator reaches it at the node's address). Started on a running node, so a test can feed
 * it the configuration an installed chart carries; both processes go with the node's teardown.
 * Resolves when Prometheus is ready and the APIService is Available.
 */
export const startExternalMetrics = async (
  node: RealNode,
  source: ExternalMetricsSource,
  o: { timeoutMs?: number } = {},
): Promise<ExternalMetrics> => {
  const timeoutMs = o.timeoutMs ?? 120_000;
  const { paths } = node;
  const binDir = await pipelineBinDir();
  const [prometheusBin, adapterBin] = [join(binDir, "prometheus"), join(binDir, "prometheus-adapter")];
  const dir = join(paths.root, "external-metrics");
  mkdirSync(join(dir, "prometheus"), { recursive: true });

  const ca = caFiles(paths.certs, "ca");
  const frontProxyCa = caFiles(paths.certs, "front-proxy-ca");
  const [serving, adapterClient, prometheusClient] = await Promise.all([
    // The aggregator checks the name `<service>.<namespace>.svc` of the APIService's Service.
    issueCert(ca, paths.certs, "prometheus-adapter-serving", {
      user: ADAPTER_SERVICE,
      sans: [`DNS:${ADAPTER_SERVICE}.kube-system.svc`, `IP:${NODE_IP}`],
    }),
    issueCert(ca, paths.certs, "prometheus-adapter", { user: ADAPTER_USER }),
    issueCert(ca, paths.certs, "prometheus", { user: PROMETHEUS_USER }),
  ]);
  const kubeconfig = async (name: string, client: typeof serving, user: string) => {
    const path = join(paths.config, `${name}.kubeconfig`);
    await writeKubeconfig(path, { server: `https://${NODE_IP}:${APISERVER_PORT}`, caCert: ca.cert, client, user });
    return path;
  };
  const [adapterKubeconfig, prometheusKubeconfig] = await Promise.all([
    kubeconfig("prometheus-adapter", adapterClient, ADAPTER_USER),
    kubeconfig("prometheus", prometheusClient, PROMETHEUS_USER),
  ]);

  const objects = await node.kubectl(["apply", "--server-side", "-f", "-"], {
    input: JSON.stringify(externalMetricsObjects(ca.cert)),
  });
  if (objects.code !== 0) throw new Error(`metrics adapter: applying its objects: ${objects.stderr}`);

  const ruleFiles = Object.entries(source.rules ?? {}).map(([name, text]) => {
    const path = join(dir, `rules-${name}.yaml`);
    writeFileSync(path, text);
    return path;
  });
  const prometheusConfig = join(dir, "prometheus.json");
  writeFileSync(prometheusConfig, hostPrometheusConfig(source.scrapeConfigs, prometheusKubeconfig, ruleFiles));
  const port = await freePort();
  const prometheusUrl = `http://127.0.0.1:${port}`;
  const prometheus = startNodeProcess(
    paths,
    "prometheus",
    prometheusBin,
    prometheusFlags({ config: prometheusConfig, storage: join(dir, "prometheus"), port }),
  );
  await waitHealthy(
    "prometheus",
    prometheus,
    async () => (await fetch(`${prometheusUrl}/-/ready`, { signal: AbortSignal.timeout(2_000) })).ok,
    timeoutMs,
  );

  const adapterConfig = join(dir, "adapter-config.yaml");
  writeFileSync(adapterConfig, source.adapterConfig);
  const adapter = startNodeProcess(paths, "prometheus-adapter", adapterBin, [
    `--lister-kubeconfig=${adapterKubeconfig}`,
    `--authentication-kubeconfig=${adapterKubeconfig}`,
    `--authorization-kubeconfig=${adapterKubeconfig}`,
    `--bind-address=${NODE_IP}`,
    `--secure-port=${METRICS_ADAPTER_PORT}`,
    `--cert-dir=${paths.certs}`,
    `--tls-cert-file=${serving.cert}`,
    `--tls-private-key-file=${serving.key}`,
    `--requestheader-client-ca-file=${frontProxyCa.cert}`,
    "--requestheader-allowed-names=front-proxy-client",
    "--requestheader-username-headers=X-Remote-User",
    "--requestheader-group-headers=X-Remote-Group",
    "--requestheader-extra-headers-prefix=X-Remote-Extra-",
    `--prometheus-url=${prometheusUrl}/`,
    `--config=${adapterConfig}`,
    // Which metrics exist is re-listed from Prometheus every 30 s (default 10 min: a metric
    // whose first pod starts later would wait that long), over the last 90 s of series: three
    // of the chart's 30 s scrapes, so a series is never missed between two of them.
    "--metrics-relist-interval=30s",
    "--metrics-max-age=90s",
  ]);
  await waitHealthy(
    "external metrics APIService",
    adapter,
    async () =>
      (
        await node.kubectl(
          [
            "get",
            "apiservice",
            "v1beta1.external.metrics.k8s.io",
            "-o",
            'jsonpath={.status.conditions[?(@.type=="Available")].status}',
          ],
          { timeoutMs: 5_000 },
        )
      ).stdout.trim() === "True",
    timeoutMs,
  );
  return { prometheusUrl, query: (promql) => promQuery(prometheusUrl, promql) };
};
