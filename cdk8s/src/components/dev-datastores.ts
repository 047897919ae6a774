/**
 * The `dev` profile's throwaway PostgreSQL and Redis (one replica each, data in emptyDir:
 * gone with the pod) and the Secret with fixed dev values that points the services at
 * them. Only ever synthesized for `dev`; production reads a Secret you create
 * (cdk8s/README.md) and an external PostgreSQL and Redis.
 */
import type { V1EnvVar, V1Secret, V1Service, V1StatefulSet } from "@kubernetes/client-node";
import { Construct } from "constructs";
import { labelsOf, nameOf, PART_OF, PORTS, selectorOf } from "../names.ts";
import { k8sObject } from "../objects.ts";
import { RESTRICTED_CONTAINER_SECURITY, topologySpread } from "../pod.ts";
import type { Resources } from "../settings.ts";
import type { WireNetworkPolicy } from "./network-policies.ts";

export type DevDatastoresProps = {
  readonly namespace: string;
  readonly postgresImage: string;
  readonly redisImage: string;
  readonly postgresUid: number;
  readonly redisUid: number;
  /** The Secret the services read; here it is created with the values below. */
  readonly secretName: string;
};

const DEV_PASSWORD = "fincoach-dev-only";

/**
 * Fixed, public, throwaway values: anyone reading this file knows them, which is fine for a
 * cluster that lives for a test run and wrong anywhere else.
 */
export const DEV_SECRET_VALUES = {
  DATABASE_URL: `postgres://fincoach:${DEV_PASSWORD}@${nameOf("postgres")}:${PORTS.postgres}/fincoach`,
  REDIS_URL: `redis://${nameOf("redis")}:${PORTS.redis}`,
  JWT_SECRET: "dev-only-jwt-secret-do-not-use-in-production",
  // `id:base64(32 bytes)`: the bytes are the ASCII of "fincoach-dev-only-connection-key".
  CONNECTION_KEYS: `dev:${Buffer.from("fincoach-dev-only-connection-key").toString("base64")}`,
  POSTGRES_PASSWORD: DEV_PASSWORD,
} as const;

const SMALL: Resources = { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } };

type Store = {
  component: "postgres" | "redis";
  image: string;
  /** The image's own non-root user. */
  uid: number;
  port: number;
  dataPath: string;
  extraMounts: { name: string; mountPath: string }[];
  env: V1EnvVar[];
  args?: string[];
  probe: string[];
};

export class DevDatastores extends Construct {
  constructor(scope: Construct, id: string, props: DevDatastoresProps) {
    super(scope, id);
    k8sObject<V1Secret>(this, "secret", {
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: props.secretName,
        namespace: props.namespace,
        labels: labelsOf("postgres"),
        annotations: { "fincoach.dev/profile": "dev: fixed throwaway values, never for production" },
      },
      type: "Opaque",
      stringData: { ...DEV_SECRET_VALUES },
    });
    const stores: Store[] = [
      {
        component: "postgres",
        image: props.postgresImage,
        uid: props.postgresUid,
        port: PORTS.postgres,
        dataPath: "/var/lib/postgresql/data",
        extraMounts: [{ name: "run", mountPath: "/var/run/postgresql" }],
        env: [
          { name: "POSTGRES_USER", value: "fincoach" },
          { name: "POSTGRES_DB", value: "fincoach" },
          {
            name: "POSTGRES_PASSWORD",
            valueFrom: { secretKeyRef: { name: props.secretName, key: "POSTGRES_PASSWORD" } },
          },
          { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
        ],
        probe: ["pg_isready", "-U", "fincoach", "-d", "fincoach", "-h", "127.0.0.1"],
      },
      {
        component: "redis",
        image: props.redisImage,
        uid: props.redisUid,
        port: PORTS.redis,
        dataPath: "/data",
        extraMounts: [],
        env: [],
        args: ["redis-server", "--save", "", "--appendonly", "no", "--protected-mode", "no"],
        probe: ["redis-cli", "ping"],
      },
    ];
    for (const store of stores) this.store(props, store);
  }

  private store(props: DevDatastoresProps, s: Store): void {
    const name = nameOf(s.component);
    const metadata = { name, namespace: props.namespace, labels: labelsOf(s.component) };
    const probe = { exec: { command: s.probe }, periodSeconds: 5, timeoutSeconds: 3 };
    k8sObject<V1Service>(this, `${s.component}-service`, {
      apiVersion: "v1",
      kind: "Service",
      metadata,
      spec: {
        selector: selectorOf(s.component),
        ports: [{ name: s.component, port: s.port, targetPort: s.component }],
      },
    });
    k8sObject<V1StatefulSet>(this, `${s.component}-statefulset`, {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata,
      spec: {
        serviceName: name,
        replicas: 1,
        selector: { matchLabels: selectorOf(s.component) },
        template: {
          metadata: { labels: labelsOf(s.component) },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: s.uid,
              runAsGroup: s.uid,
              fsGroup: s.uid,
              seccompProfile: { type: "RuntimeDefault" },
            },
            topologySpreadConstraints: topologySpread(s.component),
            containers: [
              {
                name: s.component,
                image: s.image,
                ...(s.args ? { args: s.args } : {}),
                env: s.env,
                ports: [{ name: s.component, containerPort: s.port }],
                readinessProbe: probe,
                // initdb on a loaded node can outlast a liveness budget, and a kill in the
                // middle leaves a data directory that is neither empty nor initialized: no
                // liveness until the first start has answered (up to 5 minutes).
                startupProbe: { ...probe, failureThreshold: 60 },
                livenessProbe: { ...probe, failureThreshold: 6 },
                resources: SMALL,
                securityContext: RESTRICTED_CONTAINER_SECURITY,
                volumeMounts: [
                  { name: "data", mountPath: s.dataPath },
                  { name: "tmp", mountPath: "/tmp" },
                  ...s.extraMounts,
                ],
              },
            ],
            volumes: [
              { name: "data", emptyDir: {} },
              { name: "tmp", emptyDir: {} },
              ...s.extraMounts.map((m) => ({ name: m.name, emptyDir: {} })),
            ],
          },
        },
      },
    });
    k8sObject<WireNetworkPolicy>(this, `${s.component}-ingress`, {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { ...metadata, name: `fincoach-${s.component}-ingress` },
      spec: {
        podSelector: { matchLabels: selectorOf(s.component) },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { "app.kubernetes.io/part-of": PART_OF } } }],
            ports: [{ port: s.port, protocol: "TCP" }],
          },
        ],
      },
    });
  }
}
