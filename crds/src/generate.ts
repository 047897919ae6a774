/**
 * `npm run crds:generate`: writes crds/fincoach.dev_*.yaml from the TypeScript source.
 * A unit test (generated-yaml.test.ts) fails when the committed files drift from it.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CRD_FILES, renderCrdYaml } from "./render-crd.ts";

const dir = join(import.meta.dirname, "..");
for (const { file, crd } of CRD_FILES) {
  writeFileSync(join(dir, file), renderCrdYaml(crd));
  process.stdout.write(`wrote crds/${file}\n`);
}
