import type { KubeConfig } from "@kubernetes/client-node";
import type { KubectlResult } from "./kubectl.ts";

/** Options of `startControlPlane`. */
export type ControlPlaneOptions = {
  /** Where etcd, kube-apiserver, kubectl (and kube-controller-manager) are. @default built/cached by scripts/control-plane/build.sh */
  binDir?: string;
  /** Per component, for a busy machine. @default 60_000 */
  startTimeoutMs?: number;
  /** Appended to envtest's apiserver flags (e.g. "--watch-cache=false"). */
  apiserverFlags?: readonly string[];
  etcdFlags?: readonly string[];
  /**
   * Also runs kube-controller-manager with `--controllers=<these>` (e.g. ["garbage-collector-controller"]),
   * started once the apiserver is healthy. @default none: no controller runs
   */
  controllers?: readonly string[];
  /** Appended to kube-controller-manager's flags. */
  controllerManagerFlags?: readonly string[];
};

/** A kubeconfig for some identity, as a file (for kubectl or a child process) and loaded. */
export type UserKubeConfig = { kubeconfigPath: string; kubeConfig: KubeConfig };

/** A running etcd + kube-apiserver (+ kube-controller-manager when asked); see `startControlPlane`. */
export type ControlPlane = {
  /** https://127.0.0.1:<port> */
  server: string;
  /** http://127.0.0.1:<port> of etcd. */
  etcdUrl: string;
  /** Admin (system:masters) kubeconfig file. */
  kubeconfigPath: string;
  kubeConfig: KubeConfig;
  binDir: string;
  /** The temp dir holding certs, data and logs (removed by stop). */
  dir: string;
  /** Runs kubectl as admin (or with `kubeconfigPath`); never rejects on a non-zero exit. */
  kubectl(args: readonly string[], options?: { input?: string; kubeconfigPath?: string }): Promise<KubectlResult>;
  /** A client-certificate identity `user` in `groups` (no rights until RBAC grants them). */
  userKubeConfig(user: string, groups?: readonly string[]): Promise<UserKubeConfig>;
  /** The identity `system:serviceaccount:<namespace>:<name>`, matched by RBAC ServiceAccount subjects. */
  serviceAccountKubeConfig(namespace: string, name: string): Promise<UserKubeConfig>;
  /** Stops kube-apiserver (etcd and kube-controller-manager keep running). */
  stopApiserver(): Promise<void>;
  /** Starts kube-apiserver again on the same port and waits for /healthz. */
  startApiserver(): Promise<void>;
  /** stopApiserver + startApiserver. */
  restartApiserver(): Promise<void>;
  /**
   * Starts kube-controller-manager with `--controllers=<controllers>` and waits until they
   * have started; rejects when it runs already. The garbage collector looks for new resource
   * types (CRDs) only every 30 s, so start it after installing them.
   */
  startControllerManager(controllers: readonly string[]): Promise<void>;
  /** Stops kube-controller-manager, if it runs. */
  stopControllerManager(): Promise<void>;
  /** Compacts etcd's history up to now, so older resourceVersions answer 410 Gone. */
  compactEtcd(): Promise<void>;
  /** Stops every process (kube-controller-manager first) and removes the temp dir. */
  stop(): Promise<void>;
};
