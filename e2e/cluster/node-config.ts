import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { NodeCerts } from "./node-certificates.ts";
import { BRIDGE, CLUSTER_DOMAIN, DNS_SERVICE_IP, NODE_IP, NODE_NAME, type NodePaths, POD_CIDR } from "./node-layout.ts";

/** The config files the node's processes read, as written by writeNodeConfig. */
export type NodeConfigFiles = {
  containerd: string;
  kubelet: string;
  kubeProxy: string;
  corefile: string;
};

/**
 * containerd 1.6 (CRI config version 2) with its own root, state and socket, so it never
 * meets a system containerd. The settings REAL-CLUSTER.md found necessary on these machines:
 * restrict_oom_score_adj (root lacks CAP_SYS_RESOURCE), cgroupfs, no AppArmor, Debian's CNI
 * plugin folder, and a pause image that is imported, never pulled.
 */
const containerdToml = (paths: NodePaths, pauseImage: string) => `version = 2
root = "${paths.containerdRoot}"
state = "${paths.containerdState}"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

[grpc]
  address = "${paths.containerdSocket}"

[plugins."io.containerd.internal.v1.opt"]
  path = "${paths.root}/containerd/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${pauseImage}"
  restrict_oom_score_adj = true
  disable_apparmor = true
  enable_selinux = false
  stream_server_address = "127.0.0.1"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        # runc's state beside containerd's, not in /run/containerd/runc shared with any other containerd.
        Root = "${paths.containerdState}/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${paths.cniConf}"
`;

/**
 * A bridge (the one created beforehand with the node's address, so isGateway finds it) with
 * host-local IPAM kept under the node's folder, hairpin for a pod reaching itself through a
 * Service, and portmap for hostPort.
 */
const cniConflist = (paths: NodePaths) => ({
  cniVersion: "1.0.0",
  name: "fincoach",
  plugins: [
    {
      type: "bridge",
      bridge: BRIDGE,
      isGateway: true,
      ipMasq: false,
      hairpinMode: true,
      ipam: {
        type: "host-local",
        ranges: [[{ subnet: POD_CIDR, gateway: NODE_IP }]],
        routes: [{ dst: "0.0.0.0/0" }],
        dataDir: paths.cniIpam,
      },
    },
    { type: "portmap", capabilities: { portMappings: true } },
  ],
});

/** The kubelet, as REAL-CLUSTER.md says it works here (cgroupfs, cgroup v1 allowed, swap tolerated). */
const kubeletConfig = (paths: NodePaths, certs: NodeCerts) => ({
  apiVersion: "kubelet.config.k8s.io/v1beta1",
  kind: "KubeletConfiguration",
  address: NODE_IP,
  containerRuntimeEndpoint: `unix://${paths.containerdSocket}`,
  cgroupDriver: "cgroupfs",
  failSwapOn: false,
  failCgroupV1: false,
  authentication: {
    anonymous: { enabled: false },
    webhook: { enabled: true },
    x509: { clientCAFile: certs.ca.cert },
  },
  authorization: { mode: "Webhook" },
  tlsCertFile: certs.kubeletServing.cert,
  tlsPrivateKeyFile: certs.kubeletServing.key,
  clusterDNS: [DNS_SERVICE_IP],
  clusterDomain: CLUSTER_DOMAIN,
  // The machine's resolver is unreachable from pods (no network): nothing inherited from it.
  resolvConf: "",
  podLogsDir: paths.podLogs,
  volumePluginDir: `${paths.kubelet}/volume-plugins`,
  healthzBindAddress: "127.0.0.1",
  healthzPort: 10248,
  // A shared machine's disk and memory are not this node's to guard: evict only in extremis,
  // and never garbage-collect the imported images (they cannot be pulled back).
  evictionHard: {
    "memory.available": "100Mi",
    "nodefs.available": "1%",
    "imagefs.available": "1%",
    "nodefs.inodesFree": "1%",
  },
  imageGCHighThresholdPercent: 100,
  imageGCLowThresholdPercent: 99,
  serializeImagePulls: false,
  // Faster status for tests; production defaults are slower on purpose.
  nodeStatusUpdateFrequency: "5s",
  syncFrequency: "10s",
});

/** kube-proxy in iptables mode; NodePorts only on the node's address (not the machine's). */
const kubeProxyConfig = (kubeconfig: string) => ({
  apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
  kind: "KubeProxyConfiguration",
  clientConnection: { kubeconfig },
  mode: "iptables",
  hostnameOverride: NODE_NAME,
  bindAddress: NODE_IP,
  clusterCIDR: POD_CIDR,
  healthzBindAddress: "127.0.0.1:10256",
  metricsBindAddress: "127.0.0.1:10249",
  nodePortAddresses: [`${NODE_IP}/32`],
  // Masquerading every Service connection makes replies come back through the host even
  // where br_netfilter is off (pod -> ClusterIP -> pod on the same bridge).
  iptables: { masqueradeAll: true, localhostNodePorts: false, syncPeriod: "10s", minSyncPeriod: "0s" },
  // Leave the machine's conntrack table sizes alone.
  conntrack: { maxPerCore: 0, min: 0 },
});

/**
 * CoreDNS as a host process bound to the node's address (the kube-dns Service's endpoint),
 * answering for the cluster domain from the apiserver. Nothing else is forwarded: the
 * machine has no upstream resolver pods could use.
 */
const corefile = (kubeconfig: string) => `.:53 {
    bind ${NODE_IP}
    errors
    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {
        kubeconfig ${kubeconfig}
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 5
}
`;

/** Writes the config files of containerd, CNI, the kubelet, kube-proxy and CoreDNS. */
export const writeNodeConfig = async (
  paths: NodePaths,
  certs: NodeCerts,
  o: { pauseImage: string; proxyKubeconfig: string; corednsKubeconfig: string },
): Promise<NodeConfigFiles> => {
  await Promise.all(
    [paths.config, paths.cniConf, paths.cniIpam, paths.podLogs].map((d) => mkdir(d, { recursive: true })),
  );
  const files = {
    containerd: join(paths.config, "containerd.toml"),
    kubelet: join(paths.config, "kubelet.json"),
    kubeProxy: join(paths.config, "kube-proxy.json"),
    corefile: join(paths.config, "Corefile"),
  };
  await Promise.all([
    writeFile(files.containerd, containerdToml(paths, o.pauseImage)),
    writeFile(join(paths.cniConf, "10-fincoach.conflist"), JSON.stringify(cniConflist(paths), null, 2)),
    writeFile(files.kubelet, JSON.stringify(kubeletConfig(paths, certs), null, 2)),
    writeFile(files.kubeProxy, JSON.stringify(kubeProxyConfig(o.proxyKubeconfig), null, 2)),
    writeFile(files.corefile, corefile(o.corednsKubeconfig)),
  ]);
  return files;
};
