import { readFileSync } from "node:fs";
import type { NodeCerts } from "./node-certificates.ts";
import { DNS_SERVICE_IP, METRICS_SERVER_PORT, NODE_IP } from "./node-layout.ts";

/**
 * A Service with no selector whose one endpoint is a process on the host, at the node's
 * address: how pods (through kube-proxy) and the aggregator reach CoreDNS and
 * metrics-server, which run as host processes (see README.md), and prometheus-adapter
 * (metrics-adapter.ts).
 */
export const hostService = (
  name: string,
  clusterIP: string | undefined,
  ports: { name: string; protocol: string; port: number; targetPort: number }[],
) => [
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "kube-system", labels: { "k8s-app": name } },
    spec: {
      ...(clusterIP ? { clusterIP } : {}),
      ports: ports.map((p) => ({ name: p.name, protocol: p.protocol, port: p.port, targetPort: p.targetPort })),
    },
  },
  {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name: `${name}-host`,
      namespace: "kube-system",
      labels: { "kubernetes.io/service-name": name, "endpointslice.kubernetes.io/managed-by": "fincoach-node" },
    },
    addressType: "IPv4",
    endpoints: [{ addresses: [NODE_IP], conditions: { ready: true } }],
    ports: ports.map((p) => ({ name: p.name, protocol: p.protocol, port: p.targetPort })),
  },
];

export const clusterRoleFor = (user: string, name: string, rules: object[]) => [
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name }, rules },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: user }],
  },
];

/**
 * The objects that make the host-process CoreDNS and metrics-server part of the cluster:
 * their RBAC (as upstream's manifests grant it), the kube-dns Service at the kubelet's
 * clusterDNS address, the metrics-server Service and the v1beta1.metrics.k8s.io APIService.
 */
export const clusterAddons = (certs: NodeCerts): object => ({
  apiVersion: "v1",
  kind: "List",
  items: [
    ...clusterRoleFor("system:coredns", "system:coredns", [
      { apiGroups: [""], resources: ["endpoints", "services", "pods", "namespaces"], verbs: ["list", "watch"] },
      { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
    ]),
    ...hostService("kube-dns", DNS_SERVICE_IP, [
      { name: "dns", protocol: "UDP", port: 53, targetPort: 53 },
      { name: "dns-tcp", protocol: "TCP", port: 53, targetPort: 53 },
    ]),
    ...clusterRoleFor("system:metrics-server", "system:metrics-server", [
      { apiGroups: [""], resources: ["nodes/metrics"], verbs: ["get"] },
      { apiGroups: [""], resources: ["pods", "nodes"], verbs: ["get", "list", "watch"] },
    ]),
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "metrics-server:system:auth-delegator" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "system:metrics-server" }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "metrics-server-auth-reader", namespace: "kube-system" },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "Role",
        name: "extension-apiserver-authentication-reader",
      },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "system:metrics-server" }],
    },
    ...hostService("metrics-server", undefined, [
      { name: "https", protocol: "TCP", port: 443, targetPort: METRICS_SERVER_PORT },
    ]),
    {
      apiVersion: "apiregistration.k8s.io/v1",
      kind: "APIService",
      metadata: { name: "v1beta1.metrics.k8s.io" },
      spec: {
        group: "metrics.k8s.io",
        version: "v1beta1",
        service: { name: "metrics-server", namespace: "kube-system", port: 443 },
        caBundle: readFileSync(certs.ca.cert).toString("base64"),
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    },
  ],
});
