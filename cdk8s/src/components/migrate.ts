import type { V1EnvVar, V1Job } from "@kubernetes/client-node";
import { Construct } from "constructs";
import { labelsOf, nameOf, selectorOf } from "../names.ts";
import { k8sObject } from "../objects.ts";
import { restrictedContainer, restrictedPodSpec } from "../pod.ts";
import type { Resources } from "../settings.ts";

/** The migrate Job's settings: the API image, whose entry `node packages/db/src/migrate-cli.ts` applies the migrations. */
export type MigrateProps = {
  readonly namespace: string;
  /** The API's image (it ships packages/db with its migrations). */
  readonly image: string;
  readonly pullPolicy: string;
  readonly resources: Resources;
  readonly env: readonly V1EnvVar[];
};

/**
 * The migrate Job's arguments (the api Dockerfile's note; `npm run migrate` runs the same
 * file): `args`, not `command`, so the image's init (tini) stays the entrypoint.
 */
export const MIGRATE_COMMAND = ["node", "packages/db/src/migrate-cli.ts"];

/**
 * Applies the database migrations and exits. In the Helm chart it is a pre-install /
 * pre-upgrade hook, so no service starts on an old schema; with plain manifests it is
 * applied (and waited for) before the services: cdk8s/README.md. Retries while the
 * database is not there yet (a dev PostgreSQL starting beside it).
 */
export class Migrate extends Construct {
  constructor(scope: Construct, id: string, props: MigrateProps) {
    super(scope, id);
    const labels = labelsOf("migrate");
    k8sObject<V1Job>(this, "job", {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: nameOf("migrate"), namespace: props.namespace, labels },
      spec: {
        backoffLimit: 10,
        activeDeadlineSeconds: 900,
        template: {
          metadata: { labels: { ...labels, ...selectorOf("migrate") } },
          spec: restrictedPodSpec("migrate", {
            restartPolicy: "Never",
            containers: [
              restrictedContainer(
                {
                  name: "migrate",
                  image: props.image,
                  imagePullPolicy: props.pullPolicy,
                  args: MIGRATE_COMMAND,
                  env: [...props.env],
                },
                props.resources,
              ),
            ],
          }),
        },
      },
    });
  }
}
