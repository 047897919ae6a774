/**
 * `npm run synth`: writes each profile's manifests to cdk8s/dist/<profile>/ (git-ignored),
 * replacing what was there, in apply order (cdk8s/README.md). `--out <dir>` writes there
 * instead (the tests, so a run never pulls the folder from under another reader).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PROFILES, type Profile } from "./settings.ts";
import { synthFiles } from "./synth.ts";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const outIndex = process.argv.indexOf("--out");
const out = outIndex > 0 && process.argv[outIndex + 1] ? `${process.argv[outIndex + 1]}/` : DIST;

for (const profile of Object.keys(PROFILES) as Profile[]) {
  const dir = `${out}${profile}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [file, yaml] of synthFiles(PROFILES[profile]())) writeFileSync(`${dir}/${file}`, yaml);
  process.stdout.write(`synth: ${dir}\n`);
}
