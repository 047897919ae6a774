import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { CRD_FILES, renderCrdYaml } from "./render-crd.ts";

describe("committed CRD YAML", () => {
  for (const { file, crd } of CRD_FILES) {
    it(`crds/${file} matches the TypeScript source (run \`npm run crds:generate\` if not)`, () => {
      const committed = readFileSync(join(import.meta.dirname, "..", file), "utf8");
      assert.equal(committed, renderCrdYaml(crd));
      assert.deepEqual(parse(committed), crd);
    });
  }
});
