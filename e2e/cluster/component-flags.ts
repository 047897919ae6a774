import type { NodeCerts } from "./node-certificates.ts";
import type { NodeConfigFiles } from "./node-config.ts";
import {
  APISERVER_PORT,
  KUBERNETES_SERVICE_IP,
  METRICS_SERVER_PORT,
  NODE_IP,
  NODE_NAME,
  type NodePaths,
  POD_CIDR,
  SERVICE_CIDR,
} from "./node-layout.ts";

/** Kubeconfig files per component identity (see node-certificates.ts). */
export type NodeKubeconfigs = {
  admin: string;
  kubelet: string;
  controllerManager: string;
  scheduler: string;
  proxy: string;
  coredns: string;
  metricsServer: string;
};

/** etcd on loopback only; test data is thrown away, so no fsync. */
export const etcdFlags = (paths: NodePaths, clientPort: number, peerPort: number): string[] => [
  `--data-dir=${paths.etcd}`,
  `--listen-client-urls=http://127.0.0.1:${clientPort}`,
  `--advertise-client-urls=http://127.0.0.1:${clientPort}`,
  `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
  `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
  `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
  "--unsafe-no-fsync=true",
];

/**
 * kube-apiserver as on a real cluster: Node and RBAC authorization with NodeRestriction,
 * ServiceAccount tokens, kubelet client certificates (and the node's InternalIP, since its
 * name resolves nowhere), and the front-proxy settings the metrics APIService needs.
 */
export const apiserverFlags = (paths: NodePaths, certs: NodeCerts, etcdPort: number): string[] => [
  `--etcd-servers=http://127.0.0.1:${etcdPort}`,
  `--bind-address=${NODE_IP}`,
  `--advertise-address=${NODE_IP}`,
  `--secure-port=${APISERVER_PORT}`,
  `--cert-dir=${paths.certs}`,
  `--tls-cert-file=${certs.apiserver.cert}`,
  `--tls-private-key-file=${certs.apiserver.key}`,
  `--client-ca-file=${certs.ca.cert}`,
  "--authorization-mode=Node,RBAC",
  "--enable-admission-plugins=NodeRestriction",
  "--allow-privileged=true",
  `--service-cluster-ip-range=${SERVICE_CIDR}`,
  "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
  `--service-account-key-file=${certs.serviceAccountPub}`,
  `--service-account-signing-key-file=${certs.serviceAccountKey}`,
  `--kubelet-client-certificate=${certs.apiserverKubeletClient.cert}`,
  `--kubelet-client-key=${certs.apiserverKubeletClient.key}`,
  `--kubelet-certificate-authority=${certs.ca.cert}`,
  "--kubelet-preferred-address-types=InternalIP,Hostname",
  `--requestheader-client-ca-file=${certs.frontProxyCa.cert}`,
  "--requestheader-allowed-names=front-proxy-client",
  "--requestheader-username-headers=X-Remote-User",
  "--requestheader-group-headers=X-Remote-Group",
  "--requestheader-extra-headers-prefix=X-Remote-Extra-",
  `--proxy-client-cert-file=${certs.frontProxyClient.cert}`,
  `--proxy-client-key-file=${certs.frontProxyClient.key}`,
  // metrics-server runs on the host: reach it at its endpoint, not through its ClusterIP.
  "--enable-aggregator-routing=true",
  "--profiling=false",
];

/** Every controller, each with its own ServiceAccount; it signs ServiceAccount tokens and kubelet CSRs. */
export const controllerManagerFlags = (certs: NodeCerts, kubeconfig: string): string[] => [
  `--kubeconfig=${kubeconfig}`,
  `--authentication-kubeconfig=${kubeconfig}`,
  `--authorization-kubeconfig=${kubeconfig}`,
  "--bind-address=127.0.0.1",
  "--leader-elect=false",
  "--use-service-account-credentials=true",
  `--service-account-private-key-file=${certs.serviceAccountKey}`,
  `--root-ca-file=${certs.ca.cert}`,
  `--cluster-signing-cert-file=${certs.ca.cert}`,
  `--cluster-signing-key-file=${certs.ca.key}`,
  `--cluster-cidr=${POD_CIDR}`,
  `--service-cluster-ip-range=${SERVICE_CIDR}`,
  // HPAs re-evaluated every 5 s rather than 15 s: tests wait for them.
  "--horizontal-pod-autoscaler-sync-period=5s",
  // An HPA scales down after 30 s of lower recommendations rather than 5 min: scaling.test.ts
  // waits for a drained worker pool to shrink (the operator's HPAs set no behavior of their own).
  "--horizontal-pod-autoscaler-downscale-stabilization=30s",
];

export const schedulerFlags = (kubeconfig: string): string[] => [
  `--kubeconfig=${kubeconfig}`,
  `--authentication-kubeconfig=${kubeconfig}`,
  `--authorization-kubeconfig=${kubeconfig}`,
  "--bind-address=127.0.0.1",
  "--leader-elect=false",
];

export const containerdFlags = (config: NodeConfigFiles): string[] => [`--config=${config.containerd}`];

export const kubeProxyFlags = (config: NodeConfigFiles): string[] => [`--config=${config.kubeProxy}`];

export const kubeletFlags = (paths: NodePaths, config: NodeConfigFiles, kubeconfig: string): string[] => [
  `--config=${config.kubelet}`,
  `--kubeconfig=${kubeconfig}`,
  `--root-dir=${paths.kubelet}`,
  `--cert-dir=${paths.kubelet}/pki`,
  `--hostname-override=${NODE_NAME}`,
  `--node-ip=${NODE_IP}`,
];

export const corednsFlags = (config: NodeConfigFiles): string[] => [`-conf=${config.corefile}`];

/**
 * metrics-server on the host, serving the metrics APIService on the node's address with a
 * certificate for its Service name, scraping the kubelet at its InternalIP with the CA.
 */
export const metricsServerFlags = (paths: NodePaths, certs: NodeCerts, kubeconfig: string): string[] => [
  `--kubeconfig=${kubeconfig}`,
  `--authentication-kubeconfig=${kubeconfig}`,
  `--authorization-kubeconfig=${kubeconfig}`,
  `--bind-address=${NODE_IP}`,
  `--secure-port=${METRICS_SERVER_PORT}`,
  `--cert-dir=${paths.certs}`,
  `--tls-cert-file=${certs.metricsServerServing.cert}`,
  `--tls-private-key-file=${certs.metricsServerServing.key}`,
  `--requestheader-client-ca-file=${certs.frontProxyCa.cert}`,
  "--requestheader-allowed-names=front-proxy-client",
  "--requestheader-username-headers=X-Remote-User",
  "--requestheader-group-headers=X-Remote-Group",
  "--requestheader-extra-headers-prefix=X-Remote-Extra-",
  `--kubelet-certificate-authority=${certs.ca.cert}`,
  "--kubelet-preferred-address-types=InternalIP",
  "--kubelet-use-node-status-port",
  "--metric-resolution=10s",
  "--kubelet-request-timeout=5s",
];

/** The `kubernetes` Service's ClusterIP, which pods use with their ServiceAccount token. */
export const KUBERNETES_SERVICE = `https://${KUBERNETES_SERVICE_IP}:443`;
