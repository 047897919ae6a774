import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Resolver } from "node:dns/promises";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  controlPlaneBinDir,
  freePort,
  type ManagedProcess,
  startProcess,
  waitHealthy,
  writeKubeconfig,
} from "@fincoach/testing";
import { clusterAddons } from "./cluster-addons.ts";
import {
  apiserverFlags,
  containerdFlags,
  controllerManagerFlags,
  corednsFlags,
  etcdFlags,
  kubeletFlags,
  kubeProxyFlags,
  metricsServerFlags,
  type NodeKubeconfigs,
  schedulerFlags,
} from "./component-flags.ts";
import { INGRESS_SERVICE_ACCOUNT, ingressControllerFlags, ingressControllerObjects } from "./ingress-controller.ts";
import { type KubectlResult, kubectlOk, runKubectl } from "./kubectl.ts";
import { acquireMachineLock } from "./machine-lock.ts";
import { diffSnapshots, type MachineSnapshot, takeSnapshot } from "./machine-snapshot.ts";
import { ingressBinDir, nodeBinDir } from "./node-binaries.ts";
import { generateNodeCerts, type NodeCerts } from "./node-certificates.ts";
import { writeNodeConfig } from "./node-config.ts";
import {
  APISERVER_PORT,
  CLUSTER_DOMAIN,
  KUBERNETES_SERVICE_IP,
  NODE_IP,
  NODE_LOCK,
  NODE_NAME,
  type NodePaths,
  nodePaths,
} from "./node-layout.ts";
import { setUpNodeNetwork } from "./node-network.ts";
import { type RecordedProcess, writeProcessRecord } from "./node-processes.ts";
import { teardownNode } from "./teardown-node.ts";

const run = promisify(execFile);

/** A running single-node cluster on this machine. */
export type RealNode = {
  readonly paths: NodePaths;
  /** The admin's kubeconfig (system:masters). */
  readonly kubeconfig: string;
  readonly kubectlBin: string;
  kubectl(args: readonly string[], o?: { input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** Imports an OCI image-layout tar into the node's containerd (namespace k8s.io). */
  importImage(tar: string): Promise<void>;
  /**
   * Tears the node down (see teardown-node.ts), then compares the machine with the snapshot
   * taken before the node started, while still holding the machine lock (so no other node
   * can be starting meanwhile), and lets the next node of this machine start. Resolves the
   * differences, one line each: empty when the machine is as it was.
   */
  stop(): Promise<string[]>;
};

export type StartNodeOptions = {
  /** OCI image tars to import before the kubelet starts; must include `pauseImage`'s. */
  images: readonly string[];
  /** The pod sandbox image, by name (it is never pulled). */
  pauseImage: string;
  /** How long to wait for another run's node on this machine to go (default 15 min). */
  lockTimeoutMs?: number;
  /** How long each component may take to become healthy (default 60 s). */
  timeoutMs?: number;
};

const componentKubeconfigs = async (paths: NodePaths, certs: NodeCerts): Promise<NodeKubeconfigs> => {
  const server = `https://${NODE_IP}:${APISERVER_PORT}`;
  const write = async (name: keyof NodeKubeconfigs, client: NodeCerts[keyof NodeCerts], user: string) => {
    const path = join(paths.config, `${name}.kubeconfig`);
    await writeKubeconfig(path, {
      server,
      caCert: certs.ca.cert,
      client: client as { cert: string; key: string },
      user,
    });
    return [name, path] as const;
  };
  mkdirSync(paths.config, { recursive: true });
  const entries = await Promise.all([
    write("admin", certs.admin, "admin"),
    write("kubelet", certs.kubelet, `system:node:${NODE_NAME}`),
    write("controllerManager", certs.controllerManager, "system:kube-controller-manager"),
    write("scheduler", certs.scheduler, "system:kube-scheduler"),
    write("proxy", certs.proxy, "system:kube-proxy"),
    write("coredns", certs.coredns, "system:coredns"),
    write("metricsServer", certs.metricsServer, "system:metrics-server"),
  ]);
  return Object.fromEntries(entries) as NodeKubeconfigs;
};

/**
 * If this test process dies without stop(), a detached shell waits for it to go, takes the
 * machine lock and tears this node down, unless another run has replaced it meanwhile (the
 * run id in the node's folder tells).
 */
const startWatchdog = (paths: NodePaths, runId: string) => {
  const repo = join(import.meta.dirname, "../..");
  const script = `while kill -0 "$0" 2>/dev/null; do sleep 1; done
exec flock "$1" sh -c '[ "$(cat "$0/run-id" 2>/dev/null)" = "$1" ] && cd "$2" && exec sh scripts/node.sh e2e/cluster/teardown-cli.ts --lock-held' "$2" "$3" "$4"`;
  const child = spawn("sh", ["-c", script, String(process.pid), NODE_LOCK, paths.root, runId, repo], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
};

const isTrue = (text: string) => text.trim() === "True";

/**
 * Brings up a real single-node cluster on this machine (REAL-CLUSTER.md): one at a time per
 * machine (a lock), leftovers of a killed run torn down first, then certificates, etcd,
 * kube-apiserver, controller-manager, scheduler, containerd (with `images` imported),
 * kube-proxy, the kubelet, CoreDNS, metrics-server and the ingress controller. Resolves when
 * the node is Ready, cluster DNS answers, the metrics API is available and the ingress
 * controller answers its ping.
 */
export const startNode = async (o: StartNodeOptions): Promise<RealNode> => {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const [cpBin, nodeBin, ingressBin] = await Promise.all([controlPlaneBinDir(), nodeBinDir(), ingressBinDir()]);
  const kubectlBin = join(cpBin, "kubectl");
  const lock = await acquireMachineLock(NODE_LOCK, o.lockTimeoutMs ?? 15 * 60_000);
  const paths = nodePaths();
  let before: MachineSnapshot | undefined;
  let stopped: Promise<string[]> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      try {
        await teardownNode(paths);
        return before ? diffSnapshots(before, await takeSnapshot()) : [];
      } finally {
        await lock.release();
      }
    })();
    return stopped;
  };
  try {
    await teardownNode(paths);
    mkdirSync(paths.logs, { recursive: true });
    // The snapshot lands on disk before the machine changes, so any later run can undo it.
    before = await takeSnapshot();
    writeFileSync(paths.before, JSON.stringify(before));
    const runId = randomUUID();
    writeFileSync(join(paths.root, "run-id"), runId);
    startWatchdog(paths, runId);

    const recorded: RecordedProcess[] = [];
    const start = (name: string, bin: string, args: readonly string[]): ManagedProcess => {
      const proc = startProcess(bin, args, join(paths.logs, `${name}.log`));
      if (proc.child.pid) {
        const cmdline = readFileSync(`/proc/${proc.child.pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
        recorded.push({ name, pid: proc.child.pid, cmdline });
      }
      writeProcessRecord(paths.pids, recorded);
      return proc;
    };
    // kubectl's discovery cache in the node's folder, not in $HOME/.kube (the teardown removes it).
    const kubectl: RealNode["kubectl"] = (args, ko) =>
      runKubectl(kubectlBin, kubeconfigs.admin, [`--cache-dir=${join(paths.root, "kube-cache")}`, ...args], ko);

    const certs = await generateNodeCerts(paths.certs);
    const kubeconfigs = await componentKubeconfigs(paths, certs);
    await setUpNodeNetwork();
    const config = await writeNodeConfig(paths, certs, {
      pauseImage: o.pauseImage,
      proxyKubeconfig: kubeconfigs.proxy,
      corednsKubeconfig: kubeconfigs.coredns,
    });

    const [etcdPort, peerPort] = [await freePort(), await freePort()];
    const etcd = start("etcd", join(cpBin, "etcd"), etcdFlags(paths, etcdPort, peerPort));
    // containerd does not need the apiserver: it starts meanwhile.
    const containerd = start("containerd", "/usr/bin/containerd", containerdFlags(config));
    const ctr = (args: readonly string[], timeout = 30_000) =>
      run("ctr", ["--address", paths.containerdSocket, "--namespace", "k8s.io", ...args], { timeout });
    await waitHealthy(
      "etcd",
      etcd,
      async () => {
        const response = await fetch(`http://127.0.0.1:${etcdPort}/health`, { signal: AbortSignal.timeout(2_000) });
        return response.ok && ((await response.json()) as { health?: string }).health === "true";
      },
      timeoutMs,
    );
    const apiserver = start("kube-apiserver", join(cpBin, "kube-apiserver"), apiserverFlags(paths, certs, etcdPort));
    await waitHealthy(
      "kube-apiserver",
      apiserver,
      async () =>
        (await kubectl(["get", "--raw", "/readyz", "--request-timeout=2s"], { timeoutMs: 5_000 })).stdout === "ok",
      timeoutMs,
    );
    await kubectlOk(
      kubectlBin,
      kubeconfigs.admin,
      [`--cache-dir=${join(paths.root, "kube-cache")}`, "apply", "--server-side", "--force-conflicts", "-f", "-"],
      {
        input: JSON.stringify(clusterAddons(certs)),
      },
    );
    // The ingress controller's identity is a ServiceAccount token (TokenRequest, valid for the run).
    const adminKubectl = (args: string[], input?: string) =>
      kubectlOk(kubectlBin, kubeconfigs.admin, [`--cache-dir=${join(paths.root, "kube-cache")}`, ...args], { input });
    await adminKubectl(["apply", "--server-side", "-f", "-"], JSON.stringify(ingressControllerObjects()));
    const ingressToken = join(paths.config, "ingress-controller.token");
    const { namespace, name } = INGRESS_SERVICE_ACCOUNT;
    writeFileSync(
      ingressToken,
      (await adminKubectl(["-n", namespace, "create", "token", name, "--duration=24h"])).trim(),
      {
        mode: 0o600,
      },
    );
    const ingressPingPort = await freePort();
    const ingress = start(
      "traefik",
      join(ingressBin, "traefik"),
      ingressControllerFlags({ tokenFile: ingressToken, caFile: certs.ca.cert, pingPort: ingressPingPort }),
    );
    start(
      "kube-controller-manager",
      join(cpBin, "kube-controller-manager"),
      controllerManagerFlags(certs, kubeconfigs.controllerManager),
    );
    start("kube-scheduler", join(nodeBin, "kube-scheduler"), schedulerFlags(kubeconfigs.scheduler));
    const coredns = start("coredns", join(nodeBin, "coredns"), corednsFlags(config));
    const metricsServer = start(
      "metrics-server",
      join(nodeBin, "metrics-server"),
      metricsServerFlags(paths, certs, kubeconfigs.metricsServer),
    );

    await waitHealthy(
      "containerd",
      containerd,
      async () => {
        await ctr(["version"], 5_000);
        return true;
      },
      timeoutMs,
    );
    const importImage = async (tar: string) => {
      await ctr(["images", "import", tar], 5 * 60_000);
    };
    for (const tar of o.images) await importImage(tar);
    start("kube-proxy", join(nodeBin, "kube-proxy"), kubeProxyFlags(config));
    const kubelet = start("kubelet", join(nodeBin, "kubelet"), kubeletFlags(paths, config, kubeconfigs.kubelet));

    await waitHealthy(
      `node ${NODE_NAME} Ready`,
      kubelet,
      async () =>
        isTrue(
          (
            await kubectl(
              ["get", "node", NODE_NAME, "-o", 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'],
              {
                timeoutMs: 5_000,
              },
            )
          ).stdout,
        ),
      timeoutMs,
    );
    const resolver = new Resolver({ timeout: 1_000, tries: 1 });
    resolver.setServers([NODE_IP]);
    await waitHealthy(
      "CoreDNS",
      coredns,
      async () => (await resolver.resolve4(`kubernetes.default.svc.${CLUSTER_DOMAIN}`)).includes(KUBERNETES_SERVICE_IP),
      timeoutMs,
    );
    await waitHealthy(
      "metrics APIService",
      metricsServer,
      async () =>
        isTrue(
          (
            await kubectl(
              [
                "get",
                "apiservice",
                "v1beta1.metrics.k8s.io",
                "-o",
                'jsonpath={.status.conditions[?(@.type=="Available")].status}',
              ],
              { timeoutMs: 5_000 },
            )
          ).stdout,
        ),
      timeoutMs,
    );
    await waitHealthy(
      "ingress controller",
      ingress,
      async () => (await fetch(`http://127.0.0.1:${ingressPingPort}/ping`, { signal: AbortSignal.timeout(2_000) })).ok,
      timeoutMs,
    );
    return { paths, kubeconfig: kubeconfigs.admin, kubectlBin, kubectl, importImage, stop };
  } catch (error) {
    // Keep the logs of a failed start for the error message's sake: the teardown deletes them.
    const logs = await run("sh", ["-c", `tail -n 15 ${paths.logs}/*.log 2>/dev/null || true`]).catch(() => ({
      stdout: "",
    }));
    await stop().catch(() => undefined);
    throw new Error(`${(error as Error).message}\n--- node logs ---\n${logs.stdout}`, { cause: error });
  }
};
