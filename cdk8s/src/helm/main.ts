/** `npm run -w cdk8s helm:generate`: rewrites charts/fincoach from the cdk8s constructs (README.md and .helmignore are kept). */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { generateChart } from "./generate.ts";

export const CHART_DIR = fileURLToPath(new URL("../../../charts/fincoach/", import.meta.url));

rmSync(`${CHART_DIR}templates`, { recursive: true, force: true });
for (const [path, content] of generateChart()) {
  mkdirSync(dirname(`${CHART_DIR}${path}`), { recursive: true });
  writeFileSync(`${CHART_DIR}${path}`, content);
}
process.stdout.write(`helm: wrote ${CHART_DIR}\n`);
