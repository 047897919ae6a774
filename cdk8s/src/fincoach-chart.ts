/**
 * The whole installation as one cdk8s chart: the CRDs, every component, the policies, and
 * the optional parts (dev datastores, Ingress, monitoring) each in its FeatureScope.
 */
import { Chart } from "cdk8s";
import type { Construct } from "constructs";
import { Api } from "./components/api.ts";
import { Beat } from "./components/beat.ts";
import { Crds } from "./components/crds.ts";
import { DevDatastores } from "./components/dev-datastores.ts";
import { Ingress } from "./components/ingress.ts";
import { Migrate } from "./components/migrate.ts";
import { Ml } from "./components/ml.ts";
import { NetworkPolicies } from "./components/network-policies.ts";
import { Operator } from "./components/operator.ts";
import { Worker } from "./components/worker.ts";
import { imageOf } from "./components/workload.ts";
import { apiEnv, beatEnv, migrateEnv, mlEnv, operatorEnv, workerEnv } from "./env.ts";
import { addMonitoring } from "./monitoring-hook.ts";
import { FeatureScope } from "./objects.ts";
import type { FincoachSettings } from "./settings.ts";

/** Settings with every optional part on (the Helm generator's synth). */
export const allPartsOn = (s: FincoachSettings): FincoachSettings => ({
  ...s,
  dev: { ...s.dev, enabled: true },
  ingress: { ...s.ingress, enabled: true },
  monitoring: {
    ...s.monitoring,
    enabled: true,
    prometheusOperator: true,
    plainPrometheusConfig: true,
    dashboards: true,
  },
});

/** The migrate Job on its own, so plain manifests can apply it (and wait) before the services. */
export class MigrateChart extends Chart {
  constructor(scope: Construct, id: string, s: FincoachSettings) {
    super(scope, id, { disableResourceNameHashes: true });
    new Migrate(this, "migrate", {
      namespace: s.namespace,
      image: imageOf(s.image, "api"),
      pullPolicy: s.image.pullPolicy,
      resources: s.migrate.resources,
      env: migrateEnv(s),
    });
  }
}

export class CrdsChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });
    new Crds(this, "crds");
  }
}

/** The `dev` profile's PostgreSQL, Redis and Secret with fixed throwaway values. */
export class DevChart extends Chart {
  constructor(scope: Construct, id: string, s: FincoachSettings) {
    super(scope, id, { disableResourceNameHashes: true });
    new DevDatastores(new FeatureScope(this, "dev", "dev"), "datastores", {
      namespace: s.namespace,
      postgresImage: s.dev.postgresImage,
      redisImage: s.dev.redisImage,
      postgresUid: s.dev.postgresUid,
      redisUid: s.dev.redisUid,
      secretName: s.secretName,
    });
  }
}

/** The services, their accounts and RBAC, the NetworkPolicies, Ingress and monitoring. */
export class FincoachChart extends Chart {
  constructor(scope: Construct, id: string, s: FincoachSettings) {
    super(scope, id, { disableResourceNameHashes: true });
    const common = { namespace: s.namespace, pullPolicy: s.image.pullPolicy };
    new NetworkPolicies(this, "network-policies", {
      namespace: s.namespace,
      ...s.networkPolicy,
      smtp: s.notifications.smtp.urlSecretKey !== "",
      database: s.database,
      redis: s.redis,
    });
    new Operator(this, "operator", {
      ...common,
      image: imageOf(s.image, "operator"),
      resources: s.operator.resources,
      env: operatorEnv(s),
      replicas: s.operator.replicas,
    });
    new Api(this, "api", {
      ...common,
      image: imageOf(s.image, "api"),
      resources: s.api.resources,
      env: apiEnv(s),
      minReplicas: s.api.minReplicas,
      maxReplicas: s.api.maxReplicas,
      targetCpuUtilization: s.api.targetCpuUtilization,
    });
    new Ml(this, "ml", {
      ...common,
      image: imageOf(s.image, "ml"),
      resources: s.ml.resources,
      env: mlEnv(s),
      replicas: s.ml.replicas,
    });
    new Worker(this, "worker", {
      ...common,
      image: imageOf(s.image, "worker"),
      resources: s.worker.resources,
      env: workerEnv(s),
      replicas: s.worker.replicas,
    });
    new Beat(this, "beat", {
      ...common,
      image: imageOf(s.image, "beat"),
      resources: s.beat.resources,
      env: beatEnv(s),
      replicas: s.beat.replicas,
    });
    if (s.ingress.enabled)
      new Ingress(new FeatureScope(this, "ingress", "ingress"), "ingress", { namespace: s.namespace, ...s.ingress });
    if (s.monitoring.enabled) addMonitoring(new FeatureScope(this, "monitoring", "monitoring"), s);
  }
}
