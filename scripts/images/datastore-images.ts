/**
 * Test images of the chart's dev datastores (cdk8s/src/components/dev-datastores.ts), named
 * exactly as the dev profile names them, without a registry: this machine's Debian packages
 * (postgresql-15, redis-server) with the shared libraries `ldd` lists, /bin/sh (dash, which
 * initdb and pg_ctl run programs with, and which runs the entrypoints), /etc/passwd and
 * /etc/group with the official images' users (999), and an entrypoint that keeps the official
 * images' documented contract (scripts/images/datastores/). The builder refuses to name an
 * image for a major version this machine does not have: `postgres:15-bookworm` is
 * PostgreSQL 15 on Debian 12, as the tag says. Cached by content like the service images.
 */
import { execFileSync } from "node:child_process";
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
import { join, posix } from "node:path";
import { prodSettings } from "../../cdk8s/src/settings.ts";
import { type LayerEntry, type RuntimeConfig, writeOciLayout } from "./oci-layout.ts";
import { isElf, sharedLibraries } from "./shared-libraries.ts";

export const DATASTORE_NAMES = ["postgres", "redis"] as const;
export type DatastoreName = (typeof DATASTORE_NAMES)[number];

const ENTRYPOINTS = join(import.meta.dirname, "datastores");
/** Where the official images have their entrypoint (on PATH, as `docker-entrypoint.sh`). */
export const ENTRYPOINT_PATH = "/usr/local/bin/docker-entrypoint.sh";
const BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
// The official Debian-based postgres and redis images create their users as 999:999.
const OFFICIAL_UID = 999;

export type BuiltDatastoreImage = { name: DatastoreName; reference: string; tarFile: string; config: RuntimeConfig };

/**
 * The reference containerd stores for an image name as a pod spec writes it: Docker's
 * normalization (`postgres:15-bookworm` is `docker.io/library/postgres:15-bookworm`), which
 * the kubelet's CRI applies before it looks the image up.
 */
export const normalizeReference = (image: string): string => {
  const [first, ...rest] = image.split("/");
  const hasRegistry = rest.length > 0 && (first?.includes(".") || first?.includes(":") || first === "localhost");
  if (hasRegistry) return image;
  return rest.length === 0 ? `docker.io/library/${image}` : `docker.io/${image}`;
};

/** The images as the chart's dev profile names them (values.yaml `dev.postgresImage`/`dev.redisImage`). */
export const chartImages = (): Record<DatastoreName, string> => {
  const { dev } = prodSettings();
  return { postgres: dev.postgresImage, redis: dev.redisImage };
};

/** `15-bookworm` -> { major: "15", flavour: "bookworm" }; a tag without both is not one we can honour. */
const parseTag = (image: string): { major: string; flavour: string } => {
  const match = /:(\d+)(?:\.\d+)*-([a-z]+)$/.exec(image);
  if (!match) throw new Error(`${image}: the test image needs a <major>-<debian codename> tag`);
  return { major: match[1] as string, flavour: match[2] as string };
};

const debianCodename = (): string =>
  /^VERSION_CODENAME=(\S+)$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "";

/** The chart's tag has to be true of what goes in the image: this machine's Debian release, `major`. */
export const checkTag = (image: string, major: string): void => {
  const tag = parseTag(image);
  const codename = debianCodename();
  if (tag.flavour !== codename)
    throw new Error(
      `${image}: this machine is Debian ${codename}, not ${tag.flavour}; not building an image that says so`,
    );
  if (tag.major !== major)
    throw new Error(`${image}: this machine has major ${major}, not ${tag.major}; not building an image that says so`);
};

const installedPostgresMajor = (): string => {
  const majors = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql") : [];
  const found = majors.filter((m) => existsSync(`/usr/lib/postgresql/${m}/bin/postgres`));
  if (found.length !== 1)
    throw new Error(
      `postgres image: want exactly one postgresql-<major> package installed, found ${found.join(", ") || "none"}`,
    );
  return found[0] as string;
};

const installedRedisMajor = (): string => {
  const version = /v=(\d+)\./.exec(execFileSync("redis-server", ["--version"], { encoding: "utf8" }))?.[1];
  if (!version) throw new Error("redis image: redis-server --version names no version (apt-get install redis-server)");
  return version;
};

/** A host directory's entries under `target` (links kept as links), minus `skip` (names relative to `dir`). */
const hostTree = (dir: string, target: string, skip: readonly string[] = []): LayerEntry[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry): LayerEntry[] => {
    if (skip.includes(entry.name)) return [];
    const source = join(dir, entry.name);
    const path = posix.join(target, entry.name);
    if (entry.isSymbolicLink()) return [{ type: "symlink", path, target: readlinkSync(source) }];
    if (entry.isDirectory()) return [{ type: "directory", path }, ...hostTree(source, path)];
    return [{ type: "file", path, source }];
  });

const SYSTEM_LIBRARY = /^\/(usr\/)?lib(64)?\//;

/** The system libraries every ELF file among `entries` loads, as regular files at the paths ldd names. */
const libraries = (entries: LayerEntry[]): LayerEntry[] => {
  const wanted = new Set<string>();
  for (const entry of entries)
    if (entry.type === "file" && isElf(entry.source))
      for (const library of sharedLibraries(entry.source)) if (SYSTEM_LIBRARY.test(library)) wanted.add(library);
  return [...wanted].map((path) => ({ type: "file", path, source: realpathSync(path), mode: 0o755 }));
};

/** What both images have: dash as /bin/sh, the entrypoint, the user, and the directories a container expects. */
const baseEntries = (user: string, home: string, entrypoint: string): LayerEntry[] => [
  { type: "directory", path: "/tmp", mode: 0o1777 },
  { type: "directory", path: "/proc" },
  { type: "directory", path: "/sys" },
  { type: "directory", path: "/dev" },
  { type: "directory", path: "/root", mode: 0o700 },
  { type: "file", path: "/bin/sh", source: realpathSync("/bin/sh"), mode: 0o755 },
  { type: "file", path: ENTRYPOINT_PATH, source: join(ENTRYPOINTS, entrypoint), mode: 0o755 },
  {
    type: "content",
    path: "/etc/passwd",
    content: `root:x:0:0:root:/root:/bin/sh\n${user}:x:${OFFICIAL_UID}:${OFFICIAL_UID}::${home}:/bin/sh\n`,
  },
  { type: "content", path: "/etc/group", content: `root:x:0:\n${user}:x:${OFFICIAL_UID}:\n` },
];

const postgresContent = (image: string): { entries: LayerEntry[]; config: RuntimeConfig } => {
  const major = installedPostgresMajor();
  checkTag(image, major);
  const lib = `/usr/lib/postgresql/${major}`;
  const share = `/usr/share/postgresql/${major}`;
  // Like the official image's Dockerfile: the sample initdb copies listens on every address.
  const sample = readFileSync(`${share}/postgresql.conf.sample`, "utf8").replace(
    /^#?(listen_addresses)\s*=\s*\S+.*$/m,
    "$1 = '*'",
  );
  const programs: LayerEntry[] = [
    ...baseEntries("postgres", "/var/lib/postgresql", "postgres-entrypoint.sh"),
    ...hostTree(`${lib}/bin`, `${lib}/bin`),
    // LLVM JIT (llvmjit.so and its bitcode, ~120 MB with libLLVM) is left out: without the
    // provider PostgreSQL plans without JIT, as a build without --with-llvm does.
    ...hostTree(`${lib}/lib`, `${lib}/lib`, ["llvmjit.so", "llvmjit_types.bc", "bitcode", "pgxs"]),
    ...hostTree(share, share, ["postgresql.conf.sample", "man"]),
    { type: "content", path: `${share}/postgresql.conf.sample`, content: sample },
    // Debian's PostgreSQL reads the system's time zones; C.UTF-8 gives initdb a UTF8 cluster,
    // and `locale -a`, which initdb runs, its system collations.
    { type: "file", path: "/usr/bin/locale", source: "/usr/bin/locale", mode: 0o755 },
    ...hostTree("/usr/share/zoneinfo", "/usr/share/zoneinfo"),
    ...hostTree("/usr/lib/locale/C.utf8", "/usr/lib/locale/C.utf8"),
    // The official image's directories and modes: the data and socket directories are the
    // user's and open to others, so a pod running as another uid can still use them.
    { type: "directory", path: "/var/lib/postgresql", uid: OFFICIAL_UID, gid: OFFICIAL_UID },
    { type: "directory", path: "/var/lib/postgresql/data", mode: 0o1777, uid: OFFICIAL_UID, gid: OFFICIAL_UID },
    { type: "directory", path: "/var/run/postgresql", mode: 0o3777, uid: OFFICIAL_UID, gid: OFFICIAL_UID },
  ];
  return {
    entries: [...programs, ...libraries(programs)],
    config: {
      User: `${OFFICIAL_UID}:${OFFICIAL_UID}`,
      // The official image's environment, but LANG: it generates en_US.utf8, Debian ships C.UTF-8.
      Env: [`PATH=${BASE_PATH}:${lib}/bin`, `PG_MAJOR=${major}`, "PGDATA=/var/lib/postgresql/data", "LANG=C.UTF-8"],
      Entrypoint: [ENTRYPOINT_PATH],
      Cmd: ["postgres"],
      WorkingDir: "/",
      ExposedPorts: { "5432/tcp": {} },
      // The official image's: a fast shutdown (SIGTERM would wait for every client to leave).
      StopSignal: "SIGINT",
    },
  };
};

const redisContent = (image: string): { entries: LayerEntry[]; config: RuntimeConfig } => {
  checkTag(image, installedRedisMajor());
  const server = realpathSync("/usr/bin/redis-server");
  const programs: LayerEntry[] = [
    ...baseEntries("redis", "/data", "redis-entrypoint.sh"),
    // Debian's redis-server is a link to the one binary that acts on the name it is run as.
    { type: "file", path: server, source: server, mode: 0o755 },
    { type: "symlink", path: "/usr/bin/redis-server", target: posix.basename(server) },
    { type: "file", path: "/usr/bin/redis-cli", source: "/usr/bin/redis-cli", mode: 0o755 },
    { type: "directory", path: "/data", uid: OFFICIAL_UID, gid: OFFICIAL_UID },
  ];
  return {
    entries: [...programs, ...libraries(programs)],
    config: {
      User: `${OFFICIAL_UID}:${OFFICIAL_UID}`,
      Env: [`PATH=${BASE_PATH}`],
      Entrypoint: [ENTRYPOINT_PATH],
      Cmd: ["redis-server"],
      WorkingDir: "/data",
      ExposedPorts: { "6379/tcp": {} },
    },
  };
};

// Parent directories first, every path once.
const normalize = (entries: LayerEntry[]): LayerEntry[] => {
  const byPath = new Map<string, LayerEntry>();
  for (const entry of entries) {
    let parent = posix.dirname(entry.path);
    const missing: string[] = [];
    while (parent !== "/" && !byPath.has(parent)) {
      missing.push(parent);
      parent = posix.dirname(parent);
    }
    for (const dir of missing) byPath.set(dir, { type: "directory", path: dir });
    byPath.set(entry.path, entry);
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
};

/** The layer and config of `name`'s image, for the chart's image name. */
export const datastoreContent = (
  name: DatastoreName,
): { reference: string; entries: LayerEntry[]; config: RuntimeConfig } => {
  const image = chartImages()[name];
  const { entries, config } = name === "postgres" ? postgresContent(image) : redisContent(image);
  return { reference: normalizeReference(image), entries: normalize(entries), config };
};

// Every byte that goes in: a package upgrade or an entrypoint edit gives a new tar.
const contentKey = async (entries: LayerEntry[], config: RuntimeConfig, reference: string): Promise<string> => {
  const hash = createHash("sha256").update(JSON.stringify({ config, reference }));
  for (const entry of entries) {
    hash.update(`\0${entry.type}\0${entry.path}\0`);
    if (entry.type === "directory") hash.update(`${entry.mode ?? ""}:${entry.uid ?? ""}:${entry.gid ?? ""}`);
    else if (entry.type === "symlink") hash.update(entry.target);
    else if (entry.type === "content") hash.update(entry.content);
    else if (lstatSync(entry.source).isSymbolicLink()) hash.update(readlinkSync(entry.source));
    else {
      hash.update(`${entry.mode ?? lstatSync(entry.source).mode & 0o111}\0`);
      for await (const chunk of createReadStream(entry.source)) hash.update(chunk as Buffer);
    }
  }
  return hash.digest("hex").slice(0, 32);
};

/** Builds (or finds in the cache) the image-layout tar of the dev datastore `name`. */
export const buildDatastoreImage = async (name: DatastoreName, cacheDir: string): Promise<BuiltDatastoreImage> => {
  const { reference, entries, config } = datastoreContent(name);
  const key = await contentKey(entries, config, reference);
  mkdirSync(cacheDir, { recursive: true });
  const prefix = `datastore-${name}-`;
  const tarFile = join(cacheDir, `${prefix}${key}.tar`);
  if (!existsSync(tarFile)) {
    await writeOciLayout({ entries, config, reference, outFile: tarFile });
    for (const file of readdirSync(cacheDir))
      if (file.startsWith(prefix) && file.endsWith(".tar") && file !== `${prefix}${key}.tar`)
        rmSync(join(cacheDir, file), { force: true });
  }
  return { name, reference, tarFile, config };
};
