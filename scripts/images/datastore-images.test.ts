/**
 * The dev datastores' test images against the chart's dev StatefulSets (synthesized here from
 * the cdk8s constructs): the image names, users, entrypoints and probes the chart relies on,
 * the layout containerd imports, and every library the programs load. Where this runs as root
 * (CI does), each image's root filesystem then runs the chart's container as the pod would:
 * read-only root, the chart's emptyDirs writable by its fsGroup, its uid, its env and args,
 * and its readiness probe must pass; no node needed.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { after, before, describe, it } from "node:test";
import type { V1Container, V1PodSpec } from "@kubernetes/client-node";
import postgres from "postgres";
import { extract } from "tar-stream";
import { parse } from "yaml";
import { DEV_SECRET_VALUES } from "../../cdk8s/src/components/dev-datastores.ts";
import { devSettings } from "../../cdk8s/src/settings.ts";
import { find, objectsOf } from "../../cdk8s/src/test-support.ts";
import {
  type BuiltDatastoreImage,
  buildDatastoreImage,
  checkTag,
  DATASTORE_NAMES,
  type DatastoreName,
  ENTRYPOINT_PATH,
  normalizeReference,
} from "./datastore-images.ts";
import { REPO_ROOT } from "./images.ts";
import { IMAGE_NAME_ANNOTATION, MEDIA_TYPES } from "./oci-layout.ts";
import { sharedLibraries } from "./shared-libraries.ts";
import { DEFAULT_CACHE_DIR } from "./test-image.ts";

type Entry = { type: string; mode: number; uid: number; gid: number; linkname: string | null; body?: Buffer };
type Image = BuiltDatastoreImage & { files: Map<string, Buffer>; layer: Map<string, Entry>; layerDigest: string };

// Small files of the layer whose bytes the checks read.
const READ = new Set(["/etc/passwd", "/etc/group", ENTRYPOINT_PATH, "/usr/share/postgresql/15/postgresql.conf.sample"]);

const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

const readImage = async (built: BuiltDatastoreImage): Promise<Image> => {
  const files = new Map<string, Buffer>();
  const layer = new Map<string, Entry>();
  let layerDigest = "";
  for await (const entry of createReadStream(built.tarFile).pipe(extract())) {
    if (entry.header.size > 1024 * 1024) {
      const hash = createHash("sha256");
      entry.on("data", (chunk: unknown) => hash.update(chunk as Buffer));
      for await (const e of entry.pipe(extract())) {
        const path = `/${e.header.name}`.replace(/\/$/, "");
        const chunks: Buffer[] = [];
        for await (const chunk of e) if (READ.has(path)) chunks.push(chunk as Buffer);
        const { type, mode, uid, gid, linkname } = e.header;
        layer.set(path, {
          type: type ?? "",
          mode: mode ?? 0,
          uid: uid ?? 0,
          gid: gid ?? 0,
          linkname: linkname ?? null,
          ...(READ.has(path) ? { body: Buffer.concat(chunks) } : {}),
        });
      }
      layerDigest = hash.digest("hex");
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    files.set(entry.header.name, Buffer.concat(chunks));
  }
  return { ...built, files, layer, layerDigest };
};

const json = (image: Image, name: string) => {
  const bytes = image.files.get(name);
  assert.ok(bytes, `${name} is not in ${image.tarFile}`);
  assert.equal(sha256(bytes), name.replace("blobs/sha256/", ""), `${name} is not its content's digest`);
  return JSON.parse(bytes.toString("utf8"));
};

/** The chart's dev StatefulSet container and pod spec for `name`. */
const chartContainer = (name: DatastoreName): { container: V1Container; pod: V1PodSpec } => {
  const pod = find(objectsOf(devSettings()), "StatefulSet", `fincoach-${name}`).spec.template.spec as V1PodSpec;
  const container = pod.containers[0];
  assert.ok(container, `fincoach-${name} has no container`);
  return { container, pod };
};

/** Where `program` resolves on the image's PATH, as runc would find it. */
const onPath = (image: Image, env: string[], program: string): string | undefined => {
  if (program.startsWith("/")) return image.layer.has(program) ? program : undefined;
  const path = env.find((e) => e.startsWith("PATH="))?.slice("PATH=".length) ?? "";
  return path
    .split(":")
    .map((dir) => posix.join(dir, program))
    .find((p) => image.layer.has(p));
};

const images = new Map<DatastoreName, Image>();

describe("dev datastore test images", () => {
  before(async () => {
    for (const name of DATASTORE_NAMES)
      images.set(name, await readImage(await buildDatastoreImage(name, DEFAULT_CACHE_DIR)));
  });

  it("image references are Docker's normalized names, as the kubelet looks them up", () => {
    assert.equal(normalizeReference("postgres:15-bookworm"), "docker.io/library/postgres:15-bookworm");
    assert.equal(normalizeReference("bitnami/redis:7"), "docker.io/bitnami/redis:7");
    assert.equal(normalizeReference("ghcr.io/acme/redis:7"), "ghcr.io/acme/redis:7");
    assert.equal(normalizeReference("localhost:5000/redis:7"), "localhost:5000/redis:7");
  });

  it("a tag that says another major or another distribution than this machine has is refused", () => {
    assert.doesNotThrow(() => checkTag("postgres:15-bookworm", "15"));
    assert.throws(() => checkTag("postgres:16-bookworm", "15"), /major 15, not 16/);
    assert.throws(() => checkTag("postgres:15-alpine", "15"), /not alpine/);
    assert.throws(() => checkTag("postgres:latest", "15"), /<major>-<debian codename>/);
  });

  for (const name of DATASTORE_NAMES) {
    it(`${name}: named as the chart's values name it, an image layout whose blobs are their digests`, () => {
      const image = images.get(name) as Image;
      const values = parse(readFileSync(join(REPO_ROOT, "charts/fincoach/values.yaml"), "utf8"));
      const chartImage = values.dev[`${name}Image`] as string;
      assert.equal(chartContainer(name).container.image, chartImage);
      assert.equal(image.reference, normalizeReference(chartImage));
      assert.deepEqual(JSON.parse(image.files.get("oci-layout")?.toString("utf8") ?? "{}"), {
        imageLayoutVersion: "1.0.0",
      });
      const index = JSON.parse((image.files.get("index.json") as Buffer).toString("utf8"));
      assert.equal(index.manifests.length, 1);
      assert.equal(index.manifests[0].annotations[IMAGE_NAME_ANNOTATION], image.reference);
      const manifest = json(image, `blobs/sha256/${index.manifests[0].digest.slice(7)}`);
      assert.equal(manifest.mediaType, MEDIA_TYPES.manifest);
      assert.deepEqual(
        manifest.layers.map((l: { mediaType: string; digest: string }) => [l.mediaType, l.digest]),
        [[MEDIA_TYPES.layer, `sha256:${image.layerDigest}`]],
      );
      const config = json(image, `blobs/sha256/${manifest.config.digest.slice(7)}`);
      assert.deepEqual(config.config, image.config);
      assert.deepEqual(config.rootfs.diff_ids, [`sha256:${image.layerDigest}`]);
    });

    it(`${name}: the chart's uid is the image's user, and its entrypoint, probe and args' program are in the image`, () => {
      const image = images.get(name) as Image;
      const { container, pod } = chartContainer(name);
      const uid = pod.securityContext?.runAsUser;
      assert.equal(image.config.User, `${uid}:${uid}`);
      const passwd = image.layer.get("/etc/passwd")?.body?.toString("utf8") ?? "";
      assert.match(passwd, new RegExp(`^${name}:x:${uid}:${uid}:`, "m"));
      assert.match(image.layer.get("/etc/group")?.body?.toString("utf8") ?? "", new RegExp(`^${name}:x:${uid}:`, "m"));
      // The entrypoint is the script in this repository, run by the image's /bin/sh.
      assert.deepEqual(image.config.Entrypoint, [ENTRYPOINT_PATH]);
      const script = image.layer.get(ENTRYPOINT_PATH);
      assert.equal(script?.mode, 0o755);
      assert.deepEqual(script?.body, readFileSync(join(import.meta.dirname, "datastores", `${name}-entrypoint.sh`)));
      assert.equal(image.layer.get("/bin/sh")?.type, "file");
      const command = container.args ?? image.config.Cmd;
      const probe = container.readinessProbe?.exec?.command ?? [];
      for (const program of [command[0], probe[0]]) {
        const found = onPath(image, image.config.Env, program as string);
        assert.ok(found, `${program} is not on the image's PATH`);
        const entry = image.layer.get(found) as Entry;
        const target = entry.type === "symlink" ? posix.join(posix.dirname(found), entry.linkname ?? "") : found;
        assert.equal(image.layer.get(target)?.mode, 0o755, `${target} is not an executable file`);
      }
      // Every env variable the chart sets is one the entrypoint (or postgres itself: PGDATA) reads.
      for (const env of container.env ?? [])
        assert.match(script?.body?.toString("utf8") ?? "", new RegExp(`\\$\\{?${env.name}`));
    });

    it(`${name}: every library the programs load is in the layer, at the path ldd names`, () => {
      const image = images.get(name) as Image;
      const programs =
        name === "postgres"
          ? [
              "/usr/lib/postgresql/15/bin/postgres",
              "/usr/lib/postgresql/15/bin/initdb",
              "/usr/lib/postgresql/15/bin/pg_isready",
              "/usr/lib/postgresql/15/lib/plpgsql.so",
              "/usr/bin/locale",
            ]
          : ["/usr/bin/redis-server", "/usr/bin/redis-cli"];
      for (const program of [...programs, "/bin/sh"]) {
        assert.ok(image.layer.has(program), `${program} is missing`);
        for (const library of sharedLibraries(program))
          assert.equal(image.layer.get(library)?.type, "file", `${library} (needed by ${program}) is missing`);
      }
    });
  }

  it("postgres: PGDATA is the chart's, initdb's sample listens on every address, data and socket directories are the user's", () => {
    const image = images.get("postgres") as Image;
    const { container } = chartContainer("postgres");
    const pgdata = container.env?.find((e) => e.name === "PGDATA")?.value ?? "";
    assert.ok(
      container.volumeMounts?.some((m) => pgdata.startsWith(`${m.mountPath}/`)),
      "PGDATA is below a mounted volume",
    );
    assert.match(
      image.layer.get("/usr/share/postgresql/15/postgresql.conf.sample")?.body?.toString("utf8") ?? "",
      /^listen_addresses = '\*'/m,
    );
    for (const dir of ["/var/lib/postgresql/data", "/var/run/postgresql"])
      assert.equal(image.layer.get(dir)?.uid, 999, dir);
    assert.equal(image.config.StopSignal, "SIGINT");
  });
});

// The root filesystem as the kubelet would mount it for the chart's container: read-only,
// /dev and /proc, each of the chart's emptyDirs a fresh tmpfs owned by the pod's fsGroup
// (kubelet: mode 0777 plus setgid for the group), in a private mount namespace that goes
// with the process. Then the image's entrypoint as the chart's uid, with the chart's env.
const POD_MOUNTS = `
set -e
root=$1; shift; fsgroup=$1; shift; mounts=$1; shift
mount --bind "$root" "$root"
mount -o remount,bind,ro "$root"
mount --bind /dev "$root/dev"
mount -t proc proc "$root/proc"
for m in $mounts; do mount -t tmpfs -o "mode=2777,gid=$fsgroup" tmpfs "$root$m"; done
exec "$@"
`;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });

const isRoot = process.getuid?.() === 0;

describe("the chart's dev containers run from the images", {
  skip: isRoot ? false : "needs root (mount namespaces, chroot)",
}, () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  after(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGKILL");
        await exited;
      }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Unpacks `name`'s layer, starts the chart's container with `extraArgs`; resolves the root, the process and its log. */
  const runChartContainer = async (name: DatastoreName, extraArgs: string[]) => {
    const built = await buildDatastoreImage(name, DEFAULT_CACHE_DIR);
    const dir = mkdtempSync(join(tmpdir(), `fincoach-${name}-image-`));
    dirs.push(dir);
    execFileSync("tar", ["-xf", built.tarFile, "-C", dir]);
    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
    const manifest = JSON.parse(readFileSync(join(dir, "blobs/sha256", index.manifests[0].digest.slice(7)), "utf8"));
    const root = join(dir, "root");
    execFileSync("mkdir", [root]);
    execFileSync("tar", ["-xf", join(dir, "blobs/sha256", manifest.layers[0].digest.slice(7)), "-C", root]);
    const { container, pod } = chartContainer(name);
    const uid = String(pod.securityContext?.runAsUser);
    const fsGroup = String(pod.securityContext?.fsGroup);
    // The Secret's values, as the kubelet resolves secretKeyRef from the dev Secret.
    const env = Object.fromEntries(
      (container.env ?? []).map((e) => [
        e.name,
        e.value ?? DEV_SECRET_VALUES[e.valueFrom?.secretKeyRef?.key as keyof typeof DEV_SECRET_VALUES],
      ]),
    );
    const imageEnv = Object.fromEntries(
      built.config.Env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
    );
    const command = [...built.config.Entrypoint, ...(container.args ?? built.config.Cmd), ...extraArgs];
    const mounts = (container.volumeMounts ?? []).map((m) => m.mountPath).join(" ");
    const child = spawn(
      "unshare",
      [
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        POD_MOUNTS,
        "sh",
        root,
        fsGroup,
        mounts,
        "chroot",
        `--userspec=${uid}:${uid}`,
        root,
        ...command,
      ],
      { env: { ...imageEnv, ...env }, stdio: ["ignore", "pipe", "pipe"], cwd: "/" },
    );
    children.push(child);
    let log = "";
    child.stdout?.on("data", (c: Buffer) => {
      log += c.toString();
    });
    child.stderr?.on("data", (c: Buffer) => {
      log += c.toString();
    });
    // The test's port goes right after the program: `redis-cli ping -p N` would send PING's
    // arguments to the default port, where the machine's own Redis answers.
    const probeCommand = container.readinessProbe?.exec?.command ?? [];
    const probe = async (args: string[]): Promise<void> => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          execFileSync(
            "chroot",
            [`--userspec=${uid}:${uid}`, root, ...probeCommand.slice(0, 1), ...args, ...probeCommand.slice(1)],
            {
              env: imageEnv,
              stdio: "pipe",
            },
          );
          return;
        } catch (error) {
          if (child.exitCode !== null) assert.fail(`${name} exited ${child.exitCode}:\n${log}`);
          if (Date.now() > deadline) assert.fail(`${name}'s readiness probe still fails: ${String(error)}\n${log}`);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };
    const stop = async (signal: NodeJS.Signals): Promise<number | null> => {
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill(signal);
      return exited;
    };
    return { probe, stop, log: () => log };
  };

  it("postgres: initdb on the empty emptyDir, the chart's user, password and database, UTF8, ready by the chart's probe", {
    timeout: 180_000,
  }, async () => {
    const port = await freePort();
    // Another port than the machine's PostgreSQL (the same network namespace).
    const pg = await runChartContainer("postgres", ["-c", `port=${port}`]);
    await pg.probe(["-p", String(port)]);
    const url = new URL(DEV_SECRET_VALUES.DATABASE_URL);
    const sql = postgres({
      host: "127.0.0.1",
      port,
      user: url.username,
      password: url.password,
      database: url.pathname.slice(1),
      max: 1,
      onnotice: () => {},
    });
    try {
      const [row] =
        await sql`select current_user as "user", current_database() as db, current_setting('server_version_num')::int / 10000 as major,
        pg_encoding_to_char(encoding) as encoding, (select rolpassword like 'SCRAM-SHA-256$%' from pg_authid where rolname = current_user) as scram
        from pg_database where datname = current_database()`;
      assert.deepEqual({ ...row }, { user: "fincoach", db: "fincoach", major: 15, encoding: "UTF8", scram: true });
      // Other hosts (the pods) must give the password.
      const rules =
        await sql`select type, address, auth_method from pg_hba_file_rules where database = '{all}' and address = 'all'`;
      assert.deepEqual(
        rules.map((r) => ({ ...r })),
        [{ type: "host", address: "all", auth_method: "scram-sha-256" }],
      );
    } finally {
      await sql.end();
    }
    // The image's stop signal: a fast shutdown, exit 0.
    assert.equal(await pg.stop("SIGINT"), 0, pg.log());
    assert.match(
      pg.log(),
      /PostgreSQL initialized in \/var\/lib\/postgresql\/data\/pgdata: user fincoach, database fincoach/,
    );
  });

  it("redis: the chart's args run redis-server, ready by the chart's probe, reachable over TCP", {
    timeout: 120_000,
  }, async () => {
    const port = await freePort();
    const redis = await runChartContainer("redis", ["--port", String(port)]);
    await redis.probe(["-p", String(port)]);
    assert.equal(
      execFileSync("redis-cli", ["-h", "127.0.0.1", "-p", String(port), "set", "k", "v"], { encoding: "utf8" }).trim(),
      "OK",
    );
    assert.equal(await redis.stop("SIGTERM"), 0, redis.log());
  });
});
