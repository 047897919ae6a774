import { join } from "node:path";
import type { ControlPlaneCerts } from "./certificates.ts";

/** envtest's etcd flags: loopback only, no fsync (test data is thrown away). */
export const etcdFlags = (o: { dataDir: string; clientUrl: string; peerPort: number }): string[] => [
  `--data-dir=${o.dataDir}`,
  `--listen-client-urls=${o.clientUrl}`,
  `--advertise-client-urls=${o.clientUrl}`,
  `--listen-peer-urls=http://127.0.0.1:${o.peerPort}`,
  "--unsafe-no-fsync=true",
];

/**
 * envtest's kube-apiserver flags: RBAC, client certificates from the test CA, the serving
 * certificate from `certDir`, ServiceAccount admission off (no token controller runs).
 */
export const apiserverFlags = (o: {
  etcdUrl: string;
  certDir: string;
  port: number;
  certs: ControlPlaneCerts;
}): string[] => [
  `--etcd-servers=${o.etcdUrl}`,
  `--cert-dir=${o.certDir}`,
  `--secure-port=${o.port}`,
  "--bind-address=127.0.0.1",
  "--advertise-address=127.0.0.1",
  "--authorization-mode=RBAC",
  `--client-ca-file=${o.certs.ca.cert}`,
  "--allow-privileged=true",
  "--disable-admission-plugins=ServiceAccount",
  "--service-cluster-ip-range=10.0.0.0/24",
  `--service-account-issuer=https://127.0.0.1:${o.port}/`,
  `--service-account-key-file=${o.certs.serviceAccountPub}`,
  `--service-account-signing-key-file=${o.certs.serviceAccountKey}`,
];

/**
 * kube-controller-manager running only `controllers`, with one all-powerful identity (no
 * per-controller ServiceAccount credentials: no token controller runs here), no leader
 * election (one instance), and /healthz served on `port` with the apiserver's certificate.
 */
export const controllerManagerFlags = (o: {
  kubeconfigPath: string;
  controllers: readonly string[];
  port: number;
  certDir: string;
}): string[] => [
  `--kubeconfig=${o.kubeconfigPath}`,
  `--controllers=${o.controllers.join(",")}`,
  "--leader-elect=false",
  "--use-service-account-credentials=false",
  "--bind-address=127.0.0.1",
  `--secure-port=${o.port}`,
  `--tls-cert-file=${join(o.certDir, "apiserver.crt")}`,
  `--tls-private-key-file=${join(o.certDir, "apiserver.key")}`,
];
