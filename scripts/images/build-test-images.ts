/**
 * `sh scripts/node.sh scripts/images/build-test-images.ts [--tag T] [--cache DIR] [name...]`:
 * writes the OCI image-layout tars the single-node cluster imports (`ctr -n k8s.io images
 * import <tar>`), one per service (default: all five) plus the pause image, and prints one
 * line per image: `<reference> <tar file>`. `postgres` and `redis` are the dev profile's
 * datastores (datastore-images.ts), built only when named, under the chart's image names (the
 * tag option is not theirs). No Docker engine or registry is involved.
 */
import { parseArgs } from "node:util";
import { buildDatastoreImage, DATASTORE_NAMES, type DatastoreName } from "./datastore-images.ts";
import { defaultTag, IMAGE_NAMES, type ImageName } from "./images.ts";
import { buildPauseImage } from "./pause-image.ts";
import { buildTestImage, DEFAULT_CACHE_DIR } from "./test-image.ts";

const { values, positionals } = parseArgs({
  options: { tag: { type: "string" }, cache: { type: "string" }, "no-pause": { type: "boolean" } },
  allowPositionals: true,
});
const known: string[] = [...IMAGE_NAMES, ...DATASTORE_NAMES];
const unknown = positionals.filter((p) => !known.includes(p));
if (unknown.length > 0) {
  process.stderr.write(`build-test-images: unknown image ${unknown.join(", ")} (known: ${known.join(", ")})\n`);
  process.exit(2);
}
const isDatastore = (p: string): p is DatastoreName => (DATASTORE_NAMES as readonly string[]).includes(p);
const names = positionals.length > 0 ? positionals : IMAGE_NAMES;
const tag = values.tag ?? defaultTag();
const cacheDir = values.cache ?? DEFAULT_CACHE_DIR;

try {
  for (const name of names) {
    const image = isDatastore(name)
      ? await buildDatastoreImage(name, cacheDir)
      : await buildTestImage(name as ImageName, { tag, cacheDir });
    process.stdout.write(`${image.reference} ${image.tarFile}\n`);
  }
  if (!values["no-pause"]) {
    const pause = await buildPauseImage(cacheDir);
    process.stdout.write(`${pause.reference} ${pause.tarFile}\n`);
  }
} catch (e) {
  process.stderr.write(`build-test-images: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
