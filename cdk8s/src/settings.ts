/**
 * What an installation chooses: one settings object shapes every manifest, and the Helm
 * chart's values.yaml is the same object (cdk8s/src/helm/ rewrites each leaf into a
 * `{{ .Values... }}` expression), so the chart and the synth cannot disagree.
 */
import { readFileSync } from "node:fs";

/** Requests and limits of one container (Kubernetes quantities). */
export type Resources = {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
};

/** One TLS entry of the Ingress: its hosts and the Secret with their certificate. */
export type IngressTls = { readonly hosts: readonly string[]; readonly secretName: string };

/** One NetworkPolicy port (TCP unless said). */
export type PolicyPort = { readonly port: number; readonly protocol: "TCP" | "UDP" };

export type FincoachSettings = {
  /** The namespace everything is installed in (Helm: the release's). */
  readonly namespace: string;
  readonly image: {
    /** Images are `<repository>/<component>:<tag>`, e.g. docker.io/fincoach/api:0.1.0. */
    readonly repository: string;
    readonly tag: string;
    readonly pullPolicy: "Always" | "IfNotPresent" | "Never";
  };
  /** The Secret every service reads its secrets from (keys listed in cdk8s/README.md); never created here outside `dev`. */
  readonly secretName: string;
  readonly logLevel: string;
  readonly api: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    /** The HPA's target average CPU utilization, in percent of requests. */
    readonly targetCpuUtilization: number;
    readonly resources: Resources;
  };
  readonly ml: { readonly replicas: number; readonly resources: Resources };
  readonly worker: { readonly replicas: number; readonly resources: Resources };
  readonly beat: { readonly replicas: number; readonly resources: Resources };
  readonly operator: { readonly replicas: number; readonly resources: Resources };
  readonly migrate: { readonly resources: Resources };
  /** The external PostgreSQL and Redis the NetworkPolicies let the pods reach (their URLs are in the Secret). */
  readonly database: { readonly port: number; readonly cidr: string };
  readonly redis: { readonly port: number; readonly cidr: string };
  readonly ingress: {
    readonly enabled: boolean;
    readonly host: string;
    readonly className: string;
    /** TLS: the certificate's Secret per host (made by cert-manager when its annotation is set); empty: HTTP only. */
    readonly tls: readonly IngressTls[];
    /** e.g. `cert-manager.io/cluster-issuer: letsencrypt`. */
    readonly annotations: Readonly<Record<string, string>>;
  };
  readonly networkPolicy: {
    /** Namespace of the ingress controller (the only source of traffic to the API's port). */
    readonly ingressNamespace: string;
    /** Namespace of Prometheus (the only source of traffic to the metrics ports). */
    readonly prometheusNamespace: string;
    /** Where the Kubernetes API server is, for the operator and beat. */
    readonly apiServerCidr: string;
    readonly apiServerPorts: readonly PolicyPort[];
    /** What the worker and the API may reach outside: IMAP servers and Plaid. */
    readonly syncEgressPorts: readonly PolicyPort[];
    /** What the ML pods may reach outside: model artifacts by http(s) URI (pg:// ones are in PostgreSQL). */
    readonly artifactEgressPorts: readonly PolicyPort[];
    /** What the workers may reach outside to deliver webhooks (the addresses people register). */
    readonly webhookEgressPorts: readonly PolicyPort[];
    /** The SMTP server's ports, for the workers; open only with `notifications.smtp.urlSecretKey` set. */
    readonly smtpEgressPorts: readonly PolicyPort[];
  };
  /** The e-mail channel of notifications (the worker sends; SmtpEnv in packages/domain). */
  readonly notifications: {
    readonly smtp: {
      /** The key of `secretName` holding SMTP_URL (`smtp://user:pass@host:587`); empty: no e-mail channel. */
      readonly urlSecretKey: string;
      /** SMTP_FROM. */
      readonly from: string;
    };
  };
  /** Where webhook URLs may point (API and worker: WEBHOOK_ALLOW_PRIVATE, WEBHOOK_ALLOWED_CIDRS). */
  readonly webhooks: {
    /** Allow every address, private ones included (a lab; never where the cluster's network matters). */
    readonly allowPrivate: boolean;
    /** Private ranges allowed one by one, comma-separated CIDRs (e.g. `10.20.0.0/16`); empty: none. */
    readonly allowedCidrs: string;
  };
  /** Nudges written by an OpenAI-compatible LLM (the API); empty `baseUrl`: templates only. */
  readonly nudges: {
    readonly llm: {
      /** NUDGES_LLM_BASE_URL (http(s)); setting it sets the model and the key too. */
      readonly baseUrl: string;
      /** NUDGES_LLM_MODEL. */
      readonly model: string;
      /** The key of `secretName` holding NUDGES_LLM_API_KEY. */
      readonly apiKeySecretKey: string;
    };
  };
  readonly monitoring: {
    readonly enabled: boolean;
    /** ServiceMonitors, PodMonitors and the PrometheusRule (needs the Prometheus Operator's CRDs). */
    readonly prometheusOperator: boolean;
    /** ConfigMap `fincoach-prometheus`: scrape configs (kubernetes_sd) and rules for a Prometheus without the operator. */
    readonly plainPrometheusConfig: boolean;
    /** The Grafana dashboards as ConfigMaps for Grafana's sidecar. */
    readonly dashboards: boolean;
    /** Namespace of a prometheus-adapter to get the queue-backlog rule (its ConfigMap); empty: none. */
    readonly prometheusAdapterNamespace: string;
  };
  /** A throwaway cluster: in-cluster PostgreSQL and Redis, and a Secret with fixed dev values. */
  readonly dev: {
    readonly enabled: boolean;
    readonly postgresImage: string;
    readonly redisImage: string;
    /** The non-root user each image runs as (the official Debian-based postgres and redis images: 999); another image may have another. */
    readonly postgresUid: number;
    readonly redisUid: number;
  };
};

const rootVersion = (): string =>
  (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

const resources = (cpu: string, memory: string, cpuLimit: string, memoryLimit: string): Resources => ({
  requests: { cpu, memory },
  limits: { cpu: cpuLimit, memory: memoryLimit },
});

/** The `prod` profile: external PostgreSQL and Redis, several replicas, Ingress on. */
export const prodSettings = (): FincoachSettings => ({
  namespace: "fincoach",
  image: { repository: "docker.io/fincoach", tag: rootVersion(), pullPolicy: "IfNotPresent" },
  secretName: "fincoach",
  logLevel: "info",
  // A 20 MiB import peaks at ~560 MiB of the API process (bench/README.md).
  api: { minReplicas: 2, maxReplicas: 10, targetCpuUtilization: 70, resources: resources("250m", "512Mi", "2", "1Gi") },
  ml: { replicas: 2, resources: resources("250m", "512Mi", "2", "1Gi") },
  worker: { replicas: 2, resources: resources("100m", "256Mi", "1", "512Mi") },
  beat: { replicas: 2, resources: resources("50m", "128Mi", "500m", "256Mi") },
  // operator/runtime-env.ts sizes the heap for a 256 MiB limit (~10,000 SyncSchedules).
  operator: { replicas: 2, resources: resources("50m", "128Mi", "500m", "256Mi") },
  migrate: { resources: resources("50m", "128Mi", "500m", "256Mi") },
  database: { port: 5432, cidr: "0.0.0.0/0" },
  redis: { port: 6379, cidr: "0.0.0.0/0" },
  ingress: {
    enabled: true,
    host: "fincoach.example.com",
    className: "nginx",
    tls: [{ hosts: ["fincoach.example.com"], secretName: "fincoach-tls" }],
    annotations: {},
  },
  networkPolicy: {
    ingressNamespace: "ingress-nginx",
    prometheusNamespace: "monitoring",
    apiServerCidr: "0.0.0.0/0",
    apiServerPorts: [
      { port: 443, protocol: "TCP" },
      { port: 6443, protocol: "TCP" },
    ],
    syncEgressPorts: [
      { port: 993, protocol: "TCP" },
      { port: 143, protocol: "TCP" },
      { port: 443, protocol: "TCP" },
    ],
    artifactEgressPorts: [{ port: 443, protocol: "TCP" }],
    webhookEgressPorts: [{ port: 443, protocol: "TCP" }],
    // Submission with STARTTLS, and implicit TLS.
    smtpEgressPorts: [
      { port: 587, protocol: "TCP" },
      { port: 465, protocol: "TCP" },
    ],
  },
  notifications: { smtp: { urlSecretKey: "", from: "FinCoach <notifications@localhost>" } },
  webhooks: { allowPrivate: false, allowedCidrs: "" },
  nudges: { llm: { baseUrl: "", model: "", apiKeySecretKey: "NUDGES_LLM_API_KEY" } },
  monitoring: {
    enabled: true,
    prometheusOperator: true,
    plainPrometheusConfig: false,
    dashboards: true,
    prometheusAdapterNamespace: "",
  },
  // Debian 12 images of the majors Debian 12 ships (PostgreSQL 15, Redis 7): the real-node
  // tests build test images of these very names from this machine's packages
  // (scripts/images/datastore-images.ts), so what runs there is what the tag says.
  dev: {
    enabled: false,
    postgresImage: "postgres:15-bookworm",
    redisImage: "redis:7-bookworm",
    postgresUid: 999,
    redisUid: 999,
  },
});

/** The `dev` profile: one replica each (two operators: leader election), in-cluster PostgreSQL and Redis. */
export const devSettings = (): FincoachSettings => {
  const prod = prodSettings();
  const small = resources("50m", "128Mi", "1", "768Mi");
  return {
    ...prod,
    logLevel: "debug",
    api: { ...prod.api, minReplicas: 1, maxReplicas: 2, resources: small },
    ml: { replicas: 1, resources: small },
    worker: { replicas: 1, resources: small },
    beat: { replicas: 1, resources: resources("25m", "96Mi", "500m", "256Mi") },
    operator: { replicas: 2, resources: resources("25m", "96Mi", "500m", "256Mi") },
    ingress: { ...prod.ingress, host: "fincoach.localhost", annotations: {}, tls: [] },
    // A throwaway cluster has no Prometheus Operator: the plain scrape config instead of monitors.
    monitoring: { ...prod.monitoring, prometheusOperator: false, plainPrometheusConfig: true },
    dev: { ...prod.dev, enabled: true },
  };
};

export const PROFILES = { prod: prodSettings, dev: devSettings } as const;
export type Profile = keyof typeof PROFILES;
