import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../free-port.ts";
import { type ControlPlaneCerts, generateCerts, issueCert } from "./certificates.ts";
import { compactEtcd } from "./compact-etcd.ts";
import { apiserverFlags, etcdFlags } from "./component-flags.ts";
import { controllerManagerBin, controlPlaneBinDir } from "./control-plane-binaries.ts";
import type { ControlPlane, ControlPlaneOptions, UserKubeConfig } from "./control-plane-types.ts";
import { type ControllerManager, controllerManager } from "./controller-manager.ts";
import { trackForCleanup } from "./exit-cleanup.ts";
import { runKubectl } from "./kubectl.ts";
import { type ManagedProcess, startProcess, stopProcess } from "./managed-process.ts";
import { apiserverHealthy, etcdHealthy, waitHealthy } from "./wait-healthy.ts";
import { writeKubeconfig } from "./write-kubeconfig.ts";

type Layout = { dir: string; certDir: string; users: string };

/**
 * Starts etcd and kube-apiserver on free ports with envtest's flags (RBAC on, client-cert
 * auth against a test CA, ServiceAccount admission off), waits until both are healthy and
 * writes an admin kubeconfig; with `controllers`, then kube-controller-manager running them.
 * Processes and temp files go on `stop()`, or when the test process exits.
 */
export const startControlPlane = async (options: ControlPlaneOptions = {}): Promise<ControlPlane> => {
  const binDir = options.binDir ?? (await controlPlaneBinDir());
  // Before anything starts: a missing binary is a setup problem, not a start failure.
  if (options.controllers) controllerManagerBin(binDir);
  const timeout = options.startTimeoutMs ?? 60_000;
  const dir = await mkdtemp(join(tmpdir(), "fincoach-cp-"));
  const layout: Layout = { dir, certDir: join(dir, "certs"), users: join(dir, "users") };
  await Promise.all([mkdir(layout.certDir), mkdir(layout.users)]);
  const procs: { etcd?: ManagedProcess; apiserver?: ManagedProcess; controllers?: ControllerManager } = {};
  const running = () => [procs.etcd, procs.apiserver, procs.controllers?.process()].filter((p) => p !== undefined);
  const cleanup = trackForCleanup(dir, running);
  const remove = async () => {
    cleanup.untrack();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const certs = await generateCerts(dir, layout.certDir);
    const [etcdPort, peerPort, port] = await Promise.all([freePort(), freePort(), freePort()]);
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const server = `https://127.0.0.1:${port}`;
    const etcdArgs = [
      ...etcdFlags({ dataDir: join(dir, "etcd"), clientUrl: etcdUrl, peerPort }),
      ...(options.etcdFlags ?? []),
    ];
    procs.etcd = startProcess(join(binDir, "etcd"), etcdArgs, join(dir, "etcd.log"));
    cleanup.update();
    await waitHealthy("etcd", procs.etcd, etcdHealthy(etcdUrl), timeout);
    const args = [
      ...apiserverFlags({ etcdUrl, certDir: layout.certDir, port, certs }),
      ...(options.apiserverFlags ?? []),
    ];
    const startApiserver = async () => {
      procs.apiserver = startProcess(join(binDir, "kube-apiserver"), args, join(dir, "kube-apiserver.log"));
      cleanup.update();
      await waitHealthy(
        "kube-apiserver",
        procs.apiserver,
        apiserverHealthy(server, certs.ca.cert, certs.admin),
        timeout,
      );
    };
    const stopApiserver = async () => {
      // With watches open the apiserver drains for long after SIGTERM: 2 s, then it is killed.
      if (procs.apiserver) await stopProcess(procs.apiserver, 2_000);
      cleanup.update();
    };
    await startApiserver();
    const kubeconfigPath = join(dir, "admin.kubeconfig");
    const kubeConfig = await writeKubeconfig(kubeconfigPath, {
      server,
      caCert: certs.ca.cert,
      client: certs.admin,
      user: "admin",
    });
    const userKubeConfig = userKubeConfigIssuer(layout, server, certs);
    // All rights, as without per-controller ServiceAccounts it acts for every controller.
    const controllers = controllerManager({
      binDir,
      dir,
      certDir: layout.certDir,
      caCert: certs.ca.cert,
      kubeconfig: async () =>
        (await userKubeConfig("system:kube-controller-manager", ["system:masters"])).kubeconfigPath,
      extraFlags: options.controllerManagerFlags ?? [],
      timeoutMs: timeout,
      onChange: cleanup.update,
    });
    procs.controllers = controllers;
    if (options.controllers) await controllers.start(options.controllers);
    return {
      server,
      etcdUrl,
      kubeconfigPath,
      kubeConfig,
      binDir,
      dir,
      kubectl: (kubectlArgs, opts = {}) =>
        runKubectl(join(binDir, "kubectl"), opts.kubeconfigPath ?? kubeconfigPath, kubectlArgs, opts.input),
      userKubeConfig,
      serviceAccountKubeConfig: (namespace, name) =>
        userKubeConfig(`system:serviceaccount:${namespace}:${name}`, [
          "system:serviceaccounts",
          `system:serviceaccounts:${namespace}`,
        ]),
      stopApiserver,
      startApiserver,
      restartApiserver: async () => {
        await stopApiserver();
        await startApiserver();
      },
      startControllerManager: controllers.start,
      stopControllerManager: controllers.stop,
      compactEtcd: () => compactEtcd(etcdUrl),
      stop: async () => {
        await controllers.stop();
        await stopApiserver();
        if (procs.etcd) await stopProcess(procs.etcd);
        await remove();
      },
    };
  } catch (error) {
    for (const proc of running().reverse()) await stopProcess(proc, 2_000);
    await remove();
    throw error;
  }
};

/** Client certificates signed by the control plane's CA, one kubeconfig per identity. */
const userKubeConfigIssuer =
  (layout: Layout, server: string, certs: ControlPlaneCerts) =>
  async (user: string, groups: readonly string[] = []): Promise<UserKubeConfig> => {
    const name = `user-${createHash("sha256")
      .update(JSON.stringify([user, groups]))
      .digest("hex")
      .slice(0, 16)}`;
    const client = await issueCert(certs.ca, layout.users, name, { user, groups });
    const kubeconfigPath = join(layout.users, `${name}.kubeconfig`);
    return {
      kubeconfigPath,
      kubeConfig: await writeKubeconfig(kubeconfigPath, { server, caCert: certs.ca.cert, client, user }),
    };
  };
