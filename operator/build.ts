/**
 * Builds the operator into one minified ES module, `operator/dist/operator.mjs`, which the
 * image runs (`npm run build -w @fincoach/operator`). Not for speed: type stripping and a
 * few hundred separate modules cost an idle operator ~20 MiB of RSS, a fifth of its budget
 * at 10,000 SyncSchedules (bench/README.md, "Operator results").
 */
import { join } from "node:path";
import { build } from "esbuild";

/** Where the bundle goes by default. */
export const DEFAULT_OUTFILE = join(import.meta.dirname, "dist", "operator.mjs");

/** Bundles operator/src/main.ts and everything it imports into `outfile`. */
export const buildOperator = async (outfile = DEFAULT_OUTFILE): Promise<void> => {
  await build({
    entryPoints: [join(import.meta.dirname, "src", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    minify: true,
    legalComments: "external",
    logLevel: "warning",
    // Only a kubeconfig that needs it (exec plugins, proxies, impersonation, several files)
    // imports client-node, which a pod never does: leaving it out keeps the image's bundle
    // and memory as they were. Run from the source tree for such kubeconfigs.
    external: ["@kubernetes/client-node"],
    // Bundled CommonJS dependencies (pino, prom-client) still call require() for Node's
    // built-ins, which an ES module only has through createRequire.
    banner: {
      js: "import { createRequire as __fincoachRequire } from 'node:module'; const require = __fincoachRequire(import.meta.url);",
    },
  });
};

if (import.meta.main) {
  await buildOperator(process.argv[2] ?? DEFAULT_OUTFILE);
  process.stdout.write(`built ${process.argv[2] ?? DEFAULT_OUTFILE}\n`);
}
