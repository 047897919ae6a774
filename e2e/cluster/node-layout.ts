import { join } from "node:path";

/**
 * Where the one node of this machine keeps everything, and its fixed addresses. Fixed, not
 * per run: the kubelet's and kube-proxy's ports (10248-10259) are fixed anyway, so there is
 * one node per machine, and a run killed before its teardown leaves its record here for the
 * next run to undo.
 */
export const NODE_ROOT = process.env.FINCOACH_NODE_DIR ?? "/var/lib/fincoach-node";
/** The machine-wide lock (outside NODE_ROOT, which the teardown deletes). */
export const NODE_LOCK = "/run/lock/fincoach-node.lock";

export const NODE_NAME = "fincoach-node";
/**
 * The node's address: the pod bridge's gateway, created before anything starts. Pods reach
 * it (so host processes bound to it, CoreDNS and metrics-server, are reachable from pods),
 * and binding to it keeps the cluster off the machine's own network interface.
 */
export const NODE_IP = "10.88.0.1";
export const POD_CIDR = "10.88.0.0/16";
export const BRIDGE = "fincoach0";
export const SERVICE_CIDR = "10.0.0.0/24";
/** The ClusterIP of the `kubernetes` Service (first of SERVICE_CIDR). */
export const KUBERNETES_SERVICE_IP = "10.0.0.1";
/** The ClusterIP of the kube-dns Service, the kubelet's clusterDNS. */
export const DNS_SERVICE_IP = "10.0.0.10";
export const CLUSTER_DOMAIN = "cluster.local";
export const APISERVER_PORT = 6443;
export const METRICS_SERVER_PORT = 4443;
/** prometheus-adapter's port on the node's address (metrics-adapter.ts). */
export const METRICS_ADAPTER_PORT = 4444;

/** The files and folders of one node under `root`. */
export const nodePaths = (root = NODE_ROOT) => ({
  root,
  /** The machine's state before the node started (see machine-snapshot.ts). */
  before: join(root, "before.json"),
  /** Process ids of the node's processes, for a later run's clean-up. */
  pids: join(root, "pids"),
  certs: join(root, "certs"),
  config: join(root, "config"),
  logs: join(root, "logs"),
  etcd: join(root, "etcd"),
  containerdRoot: join(root, "containerd/root"),
  containerdState: join(root, "containerd/state"),
  containerdSocket: join(root, "containerd/containerd.sock"),
  cniConf: join(root, "cni/net.d"),
  cniIpam: join(root, "cni/ipam"),
  kubelet: join(root, "kubelet"),
  podLogs: join(root, "pod-logs"),
  adminKubeconfig: join(root, "config/admin.kubeconfig"),
});
export type NodePaths = ReturnType<typeof nodePaths>;

/**
 * Paths outside NODE_ROOT that the components create whatever they are told (libcni's cache,
 * the kubelet's container log links and device-plugin socket folder, containerd's shim
 * sockets, the pods' network namespaces, libmount's utab folder): the teardown removes those
 * that did not exist before.
 */
export const HOST_PATHS = [
  "/var/lib/cni",
  "/var/lib/kubelet",
  "/var/log/containers",
  "/var/log/pods",
  "/run/containerd",
  "/run/netns",
  "/run/mount",
  "/usr/libexec/kubernetes",
] as const;
