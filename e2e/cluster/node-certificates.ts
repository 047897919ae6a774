import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { type CertFiles, issueCert } from "@fincoach/testing";
import { CLUSTER_DOMAIN, KUBERNETES_SERVICE_IP, NODE_IP, NODE_NAME } from "./node-layout.ts";

const openssl = (args: string[]) => promisify(execFile)("openssl", args);

/** Every certificate and key the node's components use. */
export type NodeCerts = {
  ca: CertFiles;
  /** Signs only the apiserver's proxy client: extension apiservers trust it for request headers. */
  frontProxyCa: CertFiles;
  apiserver: CertFiles;
  apiserverKubeletClient: CertFiles;
  frontProxyClient: CertFiles;
  kubeletServing: CertFiles;
  metricsServerServing: CertFiles;
  /** Client identities, one per component (their RBAC is Kubernetes' bootstrap policy or cluster-addons.ts). */
  admin: CertFiles;
  kubelet: CertFiles;
  controllerManager: CertFiles;
  scheduler: CertFiles;
  proxy: CertFiles;
  coredns: CertFiles;
  metricsServer: CertFiles;
  serviceAccountKey: string;
  serviceAccountPub: string;
};

/** Where a node's CA (`ca`, `front-proxy-ca`) lives in its certificates folder: add-ons issue their own certificates from it. */
export const caFiles = (dir: string, name: "ca" | "front-proxy-ca"): CertFiles => ({
  cert: join(dir, `${name}.crt`),
  key: join(dir, `${name}.key`),
});

const newCa = async (dir: string, name: "ca" | "front-proxy-ca"): Promise<CertFiles> => {
  const ca = caFiles(dir, name);
  await openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", ca.key]);
  await openssl([
    "req",
    "-x509",
    "-new",
    "-key",
    ca.key,
    "-subj",
    `/CN=fincoach-node-${name}`,
    "-days",
    "7",
    "-sha256",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
    "-out",
    ca.cert,
  ]);
  return ca;
};

/** Generates the node's CAs, serving and client certificates and the ServiceAccount key pair in `dir`. */
export const generateNodeCerts = async (dir: string): Promise<NodeCerts> => {
  await mkdir(dir, { recursive: true });
  const [ca, frontProxyCa] = await Promise.all([newCa(dir, "ca"), newCa(dir, "front-proxy-ca")]);
  const client = (name: string, user: string, groups: string[] = []) => issueCert(ca, dir, name, { user, groups });
  const [apiserver, kubeletServing, metricsServerServing] = await Promise.all([
    issueCert(ca, dir, "apiserver", {
      user: "kube-apiserver",
      sans: [
        `IP:${NODE_IP}`,
        `IP:${KUBERNETES_SERVICE_IP}`,
        "IP:127.0.0.1",
        "DNS:localhost",
        "DNS:kubernetes",
        "DNS:kubernetes.default",
        "DNS:kubernetes.default.svc",
        `DNS:kubernetes.default.svc.${CLUSTER_DOMAIN}`,
      ],
    }),
    issueCert(ca, dir, "kubelet-serving", { user: NODE_NAME, sans: [`IP:${NODE_IP}`, `DNS:${NODE_NAME}`] }),
    // The aggregator checks the name `<service>.<namespace>.svc` of the APIService's Service.
    issueCert(ca, dir, "metrics-server-serving", {
      user: "metrics-server",
      sans: ["DNS:metrics-server.kube-system.svc", `IP:${NODE_IP}`],
    }),
  ]);
  const [apiserverKubeletClient, admin, kubelet, controllerManager, scheduler, proxy, coredns, metricsServer] =
    await Promise.all([
      client("apiserver-kubelet-client", "kube-apiserver-kubelet-client", ["system:masters"]),
      client("admin", "admin", ["system:masters"]),
      client("kubelet", `system:node:${NODE_NAME}`, ["system:nodes"]),
      client("controller-manager", "system:kube-controller-manager"),
      client("scheduler", "system:kube-scheduler"),
      client("proxy", "system:kube-proxy"),
      client("coredns", "system:coredns"),
      client("metrics-server", "system:metrics-server"),
    ]);
  const frontProxyClient = await issueCert(frontProxyCa, dir, "front-proxy-client", { user: "front-proxy-client" });
  const serviceAccountKey = join(dir, "sa.key");
  const serviceAccountPub = join(dir, "sa.pub");
  await openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", serviceAccountKey]);
  await openssl(["pkey", "-in", serviceAccountKey, "-pubout", "-out", serviceAccountPub]);
  return {
    ca,
    frontProxyCa,
    apiserver,
    apiserverKubeletClient,
    frontProxyClient,
    kubeletServing,
    metricsServerServing,
    admin,
    kubelet,
    controllerManager,
    scheduler,
    proxy,
    coredns,
    metricsServer,
    serviceAccountKey,
    serviceAccountPub,
  };
};
