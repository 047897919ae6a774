import { CATEGORY, GROUP, VERSION } from "./api-group.ts";
import type { SchemaNode } from "./structural-schema.ts";

/** One `additionalPrinterColumns` entry (what `kubectl get` shows). */
export type PrinterColumn = {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  jsonPath: string;
  description?: string;
  /** 0 shows in `kubectl get`; 1 only with `-o wide`. */
  priority?: number;
};

/**
 * A CustomResourceDefinition in its wire (JSON/YAML) form, exactly what is written to
 * `crds/*.yaml`. Install it with `installCrds` (or kubectl), not with client-node's typed
 * ApiextensionsV1Api/KubernetesObjectApi: those serialize through camelCase models and
 * silently drop wire keys such as `x-kubernetes-validations` and `default`.
 */
export type CustomResourceDefinition = {
  apiVersion: "apiextensions.k8s.io/v1";
  kind: "CustomResourceDefinition";
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    group: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames: string[];
      categories: string[];
    };
    scope: "Namespaced";
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: SchemaNode };
      subresources: { status: Record<string, never> };
      additionalPrinterColumns: PrinterColumn[];
      selectableFields?: { jsonPath: string }[];
    }[];
  };
};

/** Names of one kind: plural is the REST resource, short names and the `fincoach` category are for kubectl. */
export type ResourceNames = { kind: string; plural: string; singular: string; shortNames: string[] };

/** A namespaced CRD of group fincoach.dev, one version served and stored, with a status subresource. */
export const customResourceDefinition = (
  names: ResourceNames,
  openAPIV3Schema: SchemaNode,
  additionalPrinterColumns: PrinterColumn[],
  selectableFields?: { jsonPath: string }[],
): CustomResourceDefinition => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: `${names.plural}.${GROUP}`, labels: { "app.kubernetes.io/part-of": "fincoach" } },
  spec: {
    group: GROUP,
    names: { ...names, listKind: `${names.kind}List`, categories: [CATEGORY] },
    scope: "Namespaced",
    versions: [
      {
        name: VERSION,
        served: true,
        storage: true,
        schema: { openAPIV3Schema },
        subresources: { status: {} },
        additionalPrinterColumns,
        ...(selectableFields ? { selectableFields } : {}),
      },
    ],
  },
});

/** The top of a custom resource's schema: apiVersion, kind, metadata, then spec and status. */
export const resourceSchema = (
  description: string,
  spec: SchemaNode,
  status: SchemaNode,
  rules: unknown[],
): SchemaNode => ({
  type: "object",
  description,
  properties: {
    apiVersion: { type: "string", description: "fincoach.dev/v1alpha1" },
    kind: { type: "string" },
    metadata: { type: "object" },
    spec,
    status,
  },
  required: ["spec"],
  ...(rules.length ? { "x-kubernetes-validations": rules } : {}),
});
