/**
 * Writes an OCI image-layout tar (https://github.com/opencontainers/image-spec, image-layout.md)
 * with one uncompressed layer, the form `ctr images import` takes without a registry:
 * `oci-layout`, `index.json` (annotated with `io.containerd.image.name`) and
 * `blobs/sha256/<digest>` for the layer, the config and the manifest.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, lstatSync, readlinkSync, renameSync, rmSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { type Header, pack as tarPack } from "tar-stream";

/** One entry of the layer, by absolute path in the image. */
export type LayerEntry =
  | { type: "directory"; path: string; mode?: number; uid?: number; gid?: number }
  | { type: "file"; path: string; source: string; mode?: number }
  | { type: "content"; path: string; content: string | Buffer; mode?: number }
  | { type: "symlink"; path: string; target: string };

/** The runtime part of an OCI image config (`config` in config.json). */
export type RuntimeConfig = {
  User: string;
  Env: string[];
  Entrypoint: string[];
  Cmd: string[];
  WorkingDir: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  /** The signal that stops the container (containerd's CRI sends it on pod deletion); absent: SIGTERM. */
  StopSignal?: string;
};

export const MEDIA_TYPES = {
  index: "application/vnd.oci.image.index.v1+json",
  manifest: "application/vnd.oci.image.manifest.v1+json",
  config: "application/vnd.oci.image.config.v1+json",
  layer: "application/vnd.oci.image.layer.v1.tar",
} as const;

export const IMAGE_NAME_ANNOTATION = "io.containerd.image.name";

// A fixed time for every entry: the same inputs give the same layer digest.
const EPOCH = new Date(0);

const tarName = (path: string): string => path.replace(/^\/+/, "");

/** Writes the layer tar to `path`; resolves its sha256 (hex) and size. */
const writeLayer = async (entries: LayerEntry[], path: string): Promise<{ digest: string; size: number }> => {
  const pack = tarPack();
  const hash = createHash("sha256");
  let size = 0;
  const counted = pack.on("data", (chunk: unknown) => {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  });
  const written = pipeline(counted, createWriteStream(path));
  const add = (header: Partial<Header> & { name: string }, body: Buffer = Buffer.alloc(0)): Promise<void> =>
    new Promise((resolve, reject) => pack.entry(header, body, (err) => (err ? reject(err) : resolve())));
  for (const entry of entries) {
    const name = tarName(entry.path);
    if (entry.type === "directory")
      await add({
        name,
        type: "directory",
        mode: entry.mode ?? 0o755,
        uid: entry.uid ?? 0,
        gid: entry.gid ?? 0,
        mtime: EPOCH,
      });
    else if (entry.type === "symlink")
      await add({ name, type: "symlink", linkname: entry.target, mode: 0o777, mtime: EPOCH });
    else if (entry.type === "content") {
      const body = Buffer.from(entry.content);
      await add({ name, type: "file", size: body.length, mode: entry.mode ?? 0o644, mtime: EPOCH }, body);
    } else {
      const stat = lstatSync(entry.source);
      if (stat.isSymbolicLink()) {
        await add({ name, type: "symlink", linkname: readlinkSync(entry.source), mode: 0o777, mtime: EPOCH });
        continue;
      }
      const mode = entry.mode ?? (stat.mode & 0o111 ? 0o755 : 0o644);
      await new Promise<void>((resolve, reject) => {
        const sink = pack.entry({ name, type: "file", size: stat.size, mode, mtime: EPOCH }, (err) =>
          err ? reject(err) : resolve(),
        );
        createReadStream(entry.source).on("error", reject).pipe(sink);
      });
    }
  }
  pack.finalize();
  await written;
  return { digest: hash.digest("hex"), size };
};

const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/**
 * Writes the image-layout tar to `outFile` (through a temporary file renamed at the end, so a
 * reader never sees half a tar). Resolves the manifest's digest.
 */
export const writeOciLayout = async ({
  entries,
  config,
  reference,
  outFile,
}: {
  entries: LayerEntry[];
  config: RuntimeConfig;
  reference: string;
  outFile: string;
}): Promise<{ manifestDigest: string }> => {
  const layerFile = `${outFile}.${process.pid}.layer`;
  const tmpFile = `${outFile}.${process.pid}.tmp`;
  try {
    const layer = await writeLayer(entries, layerFile);
    const configJson = Buffer.from(
      JSON.stringify({
        architecture: "amd64",
        os: "linux",
        created: EPOCH.toISOString(),
        config,
        rootfs: { type: "layers", diff_ids: [`sha256:${layer.digest}`] },
        history: [{ created: EPOCH.toISOString(), created_by: "scripts/images/build-test-images.ts" }],
      }),
    );
    const manifestJson = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.manifest,
        config: { mediaType: MEDIA_TYPES.config, digest: `sha256:${sha256(configJson)}`, size: configJson.length },
        layers: [{ mediaType: MEDIA_TYPES.layer, digest: `sha256:${layer.digest}`, size: layer.size }],
      }),
    );
    const manifestDigest = `sha256:${sha256(manifestJson)}`;
    const tag = reference.slice(reference.lastIndexOf(":") + 1);
    const indexJson = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.index,
        manifests: [
          {
            mediaType: MEDIA_TYPES.manifest,
            digest: manifestDigest,
            size: manifestJson.length,
            platform: { architecture: "amd64", os: "linux" },
            annotations: { [IMAGE_NAME_ANNOTATION]: reference, "org.opencontainers.image.ref.name": tag },
          },
        ],
      }),
    );

    const outer = tarPack();
    const written = pipeline(outer, createWriteStream(tmpFile));
    const addBuffer = (name: string, body: Buffer): Promise<void> =>
      new Promise((resolve, reject) =>
        outer.entry({ name, size: body.length, mode: 0o644, mtime: EPOCH }, body, (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    await addBuffer("oci-layout", Buffer.from(JSON.stringify({ imageLayoutVersion: "1.0.0" })));
    await addBuffer("index.json", indexJson);
    await addBuffer(`blobs/sha256/${sha256(configJson)}`, configJson);
    await addBuffer(`blobs/sha256/${manifestDigest.slice("sha256:".length)}`, manifestJson);
    await new Promise<void>((resolve, reject) => {
      const sink = outer.entry(
        { name: `blobs/sha256/${layer.digest}`, size: layer.size, mode: 0o644, mtime: EPOCH },
        (err) => (err ? reject(err) : resolve()),
      );
      createReadStream(layerFile).on("error", reject).pipe(sink);
    });
    outer.finalize();
    await written;
    renameSync(tmpFile, outFile);
    return { manifestDigest };
  } finally {
    rmSync(layerFile, { force: true });
    rmSync(tmpFile, { force: true });
  }
};
