import { fileURLToPath } from "node:url";
import { CRD_FILES } from "@fincoach/crds";
import { Include } from "cdk8s";
import { Construct } from "constructs";

/** Folder of the generated CRD YAML (`npm run crds:generate` writes it from crds/src/). */
export const CRDS_DIR = new URL("../../../crds/", import.meta.url);

/** SyncSchedule and ModelVersion, included from the generated YAML files (not copied). */
export class Crds extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    for (const { file } of CRD_FILES) new Include(this, file, { url: fileURLToPath(new URL(file, CRDS_DIR)) });
  }
}
