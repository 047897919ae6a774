/** Helpers the cdk8s tests share: the synthesized objects by kind and name, their pod templates. */
import type { V1Container, V1PodSpec } from "@kubernetes/client-node";
import type { FincoachSettings } from "./settings.ts";
import { synthObjects } from "./synth.ts";

export type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of arbitrary kinds
  [key: string]: any;
};

export const objectsOf = (settings: FincoachSettings): Obj[] => synthObjects(settings).map((o) => o.json as Obj);

export const find = (objects: readonly Obj[], kind: string, name: string): Obj => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};

/** Kinds whose objects run pods, and where their pod spec is. */
export const podSpecOf = (o: Obj): V1PodSpec | undefined =>
  ["Deployment", "StatefulSet", "Job"].includes(o.kind) ? (o.spec.template.spec as V1PodSpec) : undefined;

export const containerOf = (objects: readonly Obj[], deployment: string): V1Container => {
  const container = podSpecOf(find(objects, "Deployment", deployment))?.containers[0];
  if (!container) throw new Error(`${deployment} has no container`);
  return container;
};
