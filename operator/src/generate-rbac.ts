/** Writes operator/rbac/operator-rbac.yaml: `sh scripts/node.sh operator/src/generate-rbac.ts`. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { RBAC_YAML_PATH, renderRbacYaml } from "./rbac-yaml.ts";

const path = fileURLToPath(RBAC_YAML_PATH);
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, renderRbacYaml());
process.stdout.write(`wrote ${path}\n`);
