import { APISERVER_PORT, NODE_IP } from "./node-layout.ts";

/**
 * The node's ingress controller: Traefik (scripts/ingress/build.sh) as a host process, like
 * CoreDNS and metrics-server, serving Ingresses on the node's address with its ingress-nginx
 * provider. That provider takes the IngressClass `nginx` (controller `k8s.io/ingress-nginx`),
 * the chart's default `ingress.className`, and reads Ingresses as ingress-nginx does: a host
 * with a TLS Secret is served over HTTPS with that certificate and its plain HTTP requests
 * are redirected (308), as the chart expects of a real cluster's controller.
 */
export const INGRESS_CLASS = "nginx";
const INGRESS_CONTROLLER = "k8s.io/ingress-nginx";
/** Its identity: a ServiceAccount (Traefik's flags take a bearer token; see README.md). */
export const INGRESS_SERVICE_ACCOUNT = { namespace: "kube-system", name: "traefik-ingress-nginx-controller" };
export const INGRESS_HTTP_PORT = 80;
export const INGRESS_HTTPS_PORT = 443;

/**
 * The ServiceAccount, upstream's RBAC for Traefik's ingress-nginx provider bound to it, and
 * the IngressClass it serves.
 */
export const ingressControllerObjects = (): object => {
  const { namespace, name } = INGRESS_SERVICE_ACCOUNT;
  return {
    apiVersion: "v1",
    kind: "List",
    items: [
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name },
        rules: [
          { apiGroups: [""], resources: ["services", "secrets", "configmaps"], verbs: ["list", "watch"] },
          // For its watchNamespaceSelector option.
          { apiGroups: [""], resources: ["namespaces"], verbs: ["list", "watch"] },
          // For the pod attributes of its OpenTelemetry signals (not enabled here).
          { apiGroups: [""], resources: ["pods"], verbs: ["get"] },
          { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
          { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "ingressclasses"], verbs: ["list", "watch"] },
          { apiGroups: ["networking.k8s.io"], resources: ["ingresses/status"], verbs: ["update"] },
        ],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
        subjects: [{ kind: "ServiceAccount", name, namespace }],
      },
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "IngressClass",
        metadata: { name: INGRESS_CLASS },
        spec: { controller: INGRESS_CONTROLLER },
      },
    ],
  };
};

/**
 * Traefik's static configuration as flags: `web` (HTTP) and `websecure` (HTTPS, certificates
 * from the Ingresses' Secrets) on the node's address, its ping on loopback for the health
 * check, the ingress-nginx provider talking to the apiserver with `tokenFile`, and each
 * Ingress's status set to the node's address. No call home: nothing leaves this machine.
 */
export const ingressControllerFlags = (o: { tokenFile: string; caFile: string; pingPort: number }): string[] => [
  "--global.checkNewVersion=false",
  "--global.sendAnonymousUsage=false",
  "--log.level=INFO",
  "--log.noColor=true",
  `--entryPoints.web.address=${NODE_IP}:${INGRESS_HTTP_PORT}`,
  `--entryPoints.websecure.address=${NODE_IP}:${INGRESS_HTTPS_PORT}`,
  "--entryPoints.websecure.http.tls=true",
  // Named like Traefik's internal entry point, so it opens none on :8080 of every interface.
  `--entryPoints.traefik.address=127.0.0.1:${o.pingPort}`,
  "--ping=true",
  "--providers.kubernetesIngressNGINX=true",
  `--providers.kubernetesIngressNGINX.endpoint=https://${NODE_IP}:${APISERVER_PORT}`,
  `--providers.kubernetesIngressNGINX.token=${o.tokenFile}`,
  `--providers.kubernetesIngressNGINX.certAuthFilePath=${o.caFile}`,
  `--providers.kubernetesIngressNGINX.publishStatusAddress=${NODE_IP}`,
];
