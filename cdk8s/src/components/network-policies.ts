import { MODEL_SERVER_METRICS_PORT } from "@fincoach/contracts";
import type {
  V1LabelSelector,
  V1NetworkPolicyEgressRule,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
} from "@kubernetes/client-node";
import { Construct } from "constructs";
import {
  COMMON_LABELS,
  type Component,
  nameOf,
  OPERATOR_MODEL_SERVER_COMPONENT,
  OPERATOR_SYNC_WORKER_COMPONENT,
  PART_OF,
  PORTS,
} from "../names.ts";
import { FeatureScope, k8sObject } from "../objects.ts";
import type { PolicyPort } from "../settings.ts";

/** The only paths the architecture needs (docs/ARCHITECTURE: ingress->api, api/workers->ml, everyone->datastores). */
export type NetworkPoliciesProps = {
  readonly namespace: string;
  readonly ingressNamespace: string;
  readonly prometheusNamespace: string;
  readonly apiServerCidr: string;
  readonly apiServerPorts: readonly PolicyPort[];
  readonly syncEgressPorts: readonly PolicyPort[];
  readonly artifactEgressPorts: readonly PolicyPort[];
  readonly webhookEgressPorts: readonly PolicyPort[];
  readonly smtpEgressPorts: readonly PolicyPort[];
  /** An SMTP server is configured (notifications.smtp.urlSecretKey): the workers may reach it. */
  readonly smtp: boolean;
  readonly database: { readonly port: number; readonly cidr: string };
  readonly redis: { readonly port: number; readonly cidr: string };
};

const byName = (c: Component) => ({ matchLabels: { "app.kubernetes.io/name": nameOf(c) } });
const byComponent = (component: string) => ({
  matchLabels: { "app.kubernetes.io/component": component, "app.kubernetes.io/part-of": PART_OF },
});
const everyFincoachPod = { matchLabels: { "app.kubernetes.io/part-of": PART_OF } };
const namespaceNamed = (name: string) => ({ matchLabels: { "kubernetes.io/metadata.name": name } });
// Passed through whole: in the Helm chart the list is one `toYaml` of a value.
const ports = (list: readonly PolicyPort[]): V1NetworkPolicyPort[] => list as V1NetworkPolicyPort[];
const tcp = (port: number | string): V1NetworkPolicyPort => ({ port, protocol: "TCP" });

/** The ML clients: the API, the default workers, the operator's per-schedule workers, the operator (stats). */
const ML_CLIENTS = {
  api: byName("api"),
  worker: byName("worker"),
  "sync-worker": byComponent(OPERATOR_SYNC_WORKER_COMPONENT),
  operator: byName("operator"),
};
const ML_CLIENT_PEERS: V1NetworkPolicyPeer[] = Object.values(ML_CLIENTS).map((podSelector) => ({ podSelector }));
/** Who talks to the IMAP servers and Plaid: the workers, and the API when it checks new credentials. */
const SYNC_PODS = { api: ML_CLIENTS.api, worker: ML_CLIENTS.worker, "sync-worker": ML_CLIENTS["sync-worker"] };
/**
 * Who delivers webhooks and e-mail: the workers. The operator's pools too, since they take
 * the whole Secret as envFrom (an SMTP_URL key in it included).
 */
const NOTIFYING_PODS = { worker: ML_CLIENTS.worker, "sync-worker": ML_CLIENTS["sync-worker"] };
/** METRICS_PORT's default in services/worker/src/env.ts, which the operator's worker pools keep. */
const SYNC_WORKER_METRICS_PORT = 9464;
/** The champion and the operator's per-version model servers. */
const ML_PODS = { ml: byName("ml"), "model-server": byComponent(OPERATOR_MODEL_SERVER_COMPONENT) };

/** networking.k8s.io/v1 NetworkPolicy as sent (client-node's type calls `from` `_from`). */
export type WireNetworkPolicy = {
  apiVersion: "networking.k8s.io/v1";
  kind: "NetworkPolicy";
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    podSelector: V1LabelSelector;
    policyTypes: ("Ingress" | "Egress")[];
    ingress?: { from?: V1NetworkPolicyPeer[]; ports?: V1NetworkPolicyPort[] }[];
    egress?: V1NetworkPolicyEgressRule[];
  };
};

export class NetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const policy = (name: string, spec: WireNetworkPolicy["spec"], scope: Construct = this) =>
      k8sObject<WireNetworkPolicy>(scope, name, {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: `fincoach-${name}`, namespace: props.namespace, labels: COMMON_LABELS },
        spec,
      });
    // Everything not allowed below is denied, both ways, for every pod in the namespace.
    policy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    policy("allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ ports: [tcp(53), { port: 53, protocol: "UDP" }] }],
    });
    // PostgreSQL and Redis outside the cluster (ipBlock) or, in the dev profile, inside it.
    policy("allow-datastores", {
      podSelector: everyFincoachPod,
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ ipBlock: { cidr: props.database.cidr } }, { podSelector: byName("postgres") }],
          ports: [tcp(props.database.port)],
        },
        {
          to: [{ ipBlock: { cidr: props.redis.cidr } }, { podSelector: byName("redis") }],
          ports: [tcp(props.redis.port)],
        },
      ],
    });
    policy("api-ingress", {
      podSelector: byName("api"),
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: namespaceNamed(props.ingressNamespace) }], ports: [tcp("http")] }],
    });
    for (const [name, podSelector] of Object.entries(ML_PODS))
      policy(`${name}-ingress`, {
        podSelector,
        policyTypes: ["Ingress"],
        ingress: [{ from: ML_CLIENT_PEERS, ports: [tcp(PORTS.ml)] }],
      });
    for (const [name, podSelector] of Object.entries(ML_CLIENTS))
      policy(`${name}-to-ml`, {
        podSelector,
        policyTypes: ["Egress"],
        egress: [{ to: Object.values(ML_PODS).map((p) => ({ podSelector: p })), ports: [tcp(PORTS.ml)] }],
      });
    for (const [name, podSelector] of Object.entries(SYNC_PODS))
      policy(`${name}-sync-egress`, {
        podSelector,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: ports(props.syncEgressPorts) }],
      });
    // Webhook URLs are anywhere people point them (the address checks are the services').
    for (const [name, podSelector] of Object.entries(NOTIFYING_PODS))
      policy(`${name}-webhook-egress`, {
        podSelector,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: ports(props.webhookEgressPorts) }],
      });
    if (props.smtp) {
      const smtp = new FeatureScope(this, "smtp", "smtp");
      for (const [name, podSelector] of Object.entries(NOTIFYING_PODS))
        policy(
          `${name}-smtp-egress`,
          {
            podSelector,
            policyTypes: ["Egress"],
            egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: ports(props.smtpEgressPorts) }],
          },
          smtp,
        );
    }
    for (const [name, podSelector] of Object.entries(ML_PODS))
      policy(`${name}-artifact-egress`, {
        podSelector,
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: ports(props.artifactEgressPorts) }],
      });
    for (const c of ["operator", "beat"] as const)
      policy(`${c}-apiserver-egress`, {
        podSelector: byName(c),
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: props.apiServerCidr } }], ports: ports(props.apiServerPorts) }],
      });
    policy("allow-prometheus", {
      podSelector: everyFincoachPod,
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: namespaceNamed(props.prometheusNamespace) }], ports: [tcp("metrics")] }],
    });
    // The operator's worker pools declare no port: /metrics is the worker's default METRICS_PORT.
    policy("allow-prometheus-sync-workers", {
      podSelector: ML_CLIENTS["sync-worker"],
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ namespaceSelector: namespaceNamed(props.prometheusNamespace) }],
          ports: [tcp(SYNC_WORKER_METRICS_PORT)],
        },
      ],
    });
    // The operator's model servers serve /metrics on a port of their own, not the traffic port.
    policy("allow-prometheus-model-servers", {
      podSelector: ML_PODS["model-server"],
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ namespaceSelector: namespaceNamed(props.prometheusNamespace) }],
          ports: [tcp(MODEL_SERVER_METRICS_PORT.number)],
        },
      ],
    });
  }
}
