import type { V1Ingress } from "@kubernetes/client-node";
import { JsonPatch } from "cdk8s";
import { Construct } from "constructs";
import { labelsOf, nameOf } from "../names.ts";
import { k8sObject } from "../objects.ts";
import type { IngressTls } from "../settings.ts";

/**
 * Routes the API's paths on one host to the API Service, with TLS as `tls` says: each
 * entry's Secret exists, or cert-manager makes it when its annotation is given. Empty: plain
 * HTTP (a throwaway cluster; ingress-nginx would otherwise redirect to HTTPS).
 */
export type IngressProps = {
  readonly namespace: string;
  readonly host: string;
  readonly className: string;
  readonly tls: readonly IngressTls[];
  readonly annotations: Readonly<Record<string, string>>;
};

/** The API's public path prefixes: every route is under /v1, plus the OpenAPI document and its UI (health stays inside). */
export const API_PATHS = ["/v1", "/openapi.json", "/docs"];

export class Ingress extends Construct {
  constructor(scope: Construct, id: string, props: IngressProps) {
    super(scope, id);
    const ingress = k8sObject<V1Ingress>(this, "ingress", {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: {
        name: nameOf("api"),
        namespace: props.namespace,
        labels: labelsOf("api"),
      },
      spec: {
        ingressClassName: props.className,
        // Passed whole: in the Helm chart the list is one `toYaml` of a value.
        tls: props.tls as unknown as NonNullable<V1Ingress["spec"]>["tls"],
        rules: [
          {
            host: props.host,
            http: {
              paths: API_PATHS.map((path) => ({
                path,
                pathType: "Prefix",
                backend: { service: { name: nameOf("api"), port: { name: "http" } } },
              })),
            },
          },
        ],
      },
    });
    // A patch, not metadata: cdk8s copies metadata.annotations key by key, and the Helm
    // generator passes the whole map as one value.
    ingress.addJsonPatch(JsonPatch.add("/metadata/annotations", props.annotations));
  }
}
