import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "../..");

/** An image tar for the node, by the reference pods name it with. */
export type TestImage = { reference: string; tarFile: string };

/**
 * The product's test images (scripts/images/build-test-images.ts: the same entrypoints as
 * the Dockerfiles, assembled without a registry, cached by content) for `names`, plus the
 * pause image, which is always last. `tag` (default: the chart's, the root package's version)
 * gives the same content under another reference, e.g. for a `helm upgrade` to a new tag.
 */
export const buildTestImages = async (
  names: readonly string[],
  o: { tag?: string } = {},
): Promise<{ images: TestImage[]; pause: TestImage }> => {
  const tag = o.tag ? ["--tag", o.tag] : [];
  const { stdout } = await run("sh", ["scripts/node.sh", "scripts/images/build-test-images.ts", ...tag, ...names], {
    cwd: REPO,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 20 * 60_000,
  });
  const built = stdout
    .trim()
    .split("\n")
    .map((line) => {
      const [reference, tarFile] = line.trim().split(" ");
      if (!reference || !tarFile) throw new Error(`build-test-images printed an unexpected line: ${line}`);
      return { reference, tarFile };
    });
  const pause = built.find((i) => i.reference.includes("/pause:"));
  if (!pause) throw new Error(`build-test-images built no pause image:\n${stdout}`);
  return { images: built.filter((i) => i !== pause), pause };
};
