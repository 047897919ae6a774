/**
 * Plain Kubernetes objects as cdk8s ApiObjects, typed by @kubernetes/client-node's models
 * (types only), and the optional parts of the installation (dev, ingress, monitoring) marked
 * on the construct tree so the Helm generator can put each behind its `enabled` value.
 */
import type { KubernetesObject } from "@kubernetes/client-node";
import { ApiObject } from "cdk8s";
import { Construct, type IConstruct } from "constructs";

/** A part of the installation that a value turns on or off. */
export type Feature =
  | "dev"
  | "ingress"
  | "monitoring"
  | "prometheusOperator"
  | "plainPrometheusConfig"
  | "dashboards"
  | "prometheusAdapter"
  | "smtp";

const features = new WeakMap<IConstruct, Feature>();

/** Marks `construct` (and everything under it) as existing only with `feature` on. */
export const markFeature = (construct: IConstruct, feature: Feature): void => {
  features.set(construct, feature);
};

/** A scope whose objects exist only with `feature` on. */
export class FeatureScope extends Construct {
  constructor(scope: Construct, id: string, feature: Feature) {
    super(scope, id);
    markFeature(this, feature);
  }
}

/** Every feature an object depends on, outermost first. */
export const featuresOf = (c: IConstruct): Feature[] =>
  c.node.scopes.map((s) => features.get(s)).filter((f): f is Feature => f !== undefined);

type Identified = { apiVersion: string; kind: string; metadata: { name: string } };

/**
 * One Kubernetes object in the construct tree, exactly as given. client-node's model types
 * check the shape; where their TypeScript names differ from the wire (`_from`), the caller
 * declares the wire shape (network-policies.ts).
 */
export const k8sObject = <T extends KubernetesObject>(
  scope: Construct,
  id: string,
  object: T & Identified,
): ApiObject => new ApiObject(scope, id, object as unknown as ConstructorParameters<typeof ApiObject>[2]);
