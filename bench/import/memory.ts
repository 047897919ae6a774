/**
 * Import memory benchmark: the peak memory one import costs the API process, per format,
 * against the file's own size (the target: under 4x). Each format gets a fresh API process
 * (`services/api/src/main.ts`, as deployed) so one import's leftover heap does not hide the
 * next one's. In each: a small import of the same format first (modules loaded, code
 * warmed), then the peak-RSS mark is reset (Linux `clear_refs`), and the full file is
 * uploaded over HTTP as multipart, as a person would; the cost is the process's peak RSS
 * during the upload minus its RSS just before.
 *
 *   npm run bench:import-memory [-- --mib 19 --formats csv,ofx,qif,xml,sta --root ../other-checkout]
 */
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { migrateDatabase } from "@fincoach/db";
import { benchDatabaseUrl, dropDatabase, recreateDatabase } from "../shared/bench-database.ts";
import { startChildServer } from "../shared/child-server.ts";
import { describeMachine } from "../shared/machine.ts";
import { loadRealDescriptions } from "../shared/real-descriptions.ts";
import { writeResults } from "../shared/results-file.ts";
import { fmt } from "../shared/timing.ts";
import { GENERATORS } from "./generate-statements.ts";

const { values: args } = parseArgs({
  options: {
    mib: { type: "string", default: "19" },
    formats: { type: "string", default: Object.keys(GENERATORS).join(",") },
    port: { type: "string", default: "18431" },
    /** Another checkout of the repository to run the API from, to measure an earlier version. */
    root: { type: "string" },
  },
});
const CURRENCY = "GBP";
const DATABASE = "fincoach_bench_import_memory";
const MiB = 2 ** 20;
const targetBytes = Number(args.mib) * MiB;
const formats = args.formats.split(",") as (keyof typeof GENERATORS)[];
for (const f of formats) {
  if (!(f in GENERATORS)) {
    console.error(`bench:import-memory: unknown format "${f}" (one of ${Object.keys(GENERATORS).join(", ")})`);
    process.exit(2);
  }
}

/** A statement of about `bytes` bytes: the row count scaled from a 1,000-row sample. */
const generate = (
  ext: keyof typeof GENERATORS,
  bytes: number,
  real: Awaited<ReturnType<typeof loadRealDescriptions>>,
) => {
  const perRow = Buffer.byteLength(GENERATORS[ext](1_000, real, CURRENCY)) / 1_000;
  const rows = Math.floor(bytes / perRow);
  return { rows, content: Buffer.from(GENERATORS[ext](rows, real, CURRENCY)) };
};

/** kB figures of /proc/<pid>/status: VmRSS now and VmHWM, the peak since the last reset. */
const memoryOf = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1]) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
};

type Api = { url: string; token: string };
const call = async (api: Api, path: string, body: object) => {
  const res = await fetch(`${api.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${api.token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};
const upload = async (api: Api, accountId: string, filename: string, content: Buffer) => {
  const form = new FormData();
  form.set("accountId", accountId);
  form.set("file", new Blob([content]), filename);
  const res = await fetch(`${api.url}/v1/imports`, {
    method: "POST",
    headers: { authorization: `Bearer ${api.token}` },
    body: form,
  });
  const json = (await res.json()) as { inserted?: number; seen?: number };
  if (res.status !== 201) throw new Error(`import ${filename}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};

const machine = describeMachine();
const real = await loadRealDescriptions(30_000);
await recreateDatabase(DATABASE);
await migrateDatabase(benchDatabaseUrl(DATABASE));
const results: { format: string; fileMiB: number; rows: number; peakMiB: number; ratio: number; baseMiB: number }[] =
  [];
try {
  for (const [i, ext] of formats.entries()) {
    const file = generate(ext, targetBytes, real);
    const warmup = generate(ext, 64 * 1024, real);
    const port = Number(args.port) + i;
    const server = await startChildServer({
      name: `api (${ext})`,
      script: "services/api/src/main.ts",
      port,
      readyPath: "/healthz",
      ...(args.root ? { root: args.root } : {}),
      env: {
        DATABASE_URL: benchDatabaseUrl(DATABASE),
        REDIS_URL: "redis://127.0.0.1:6379",
        REDIS_PREFIX: `fincoach-bench-memory-${process.pid}:`,
        JWT_SECRET: "bench-memory-secret-bench-memory-secret",
        METRICS_PORT: String(port + 100),
        LOG_LEVEL: "warn",
      },
    });
    try {
      const reg = (await fetch(`${server.url}/v1/auth/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: `memory-${ext}-${Date.now()}@example.com`, password: "correct horse battery" }),
      }).then((r) => r.json())) as { accessToken: string };
      const api = { url: server.url, token: reg.accessToken };
      const account = async (name: string) =>
        (await call(api, "/v1/accounts", { name, type: "checking", currency: CURRENCY })).id as string;
      await upload(api, await account("warm-up"), `warmup.${ext}`, warmup.content);
      const target = await account("measured");
      await new Promise((r) => setTimeout(r, 1_000));
      await writeFile(`/proc/${server.pid}/clear_refs`, "5"); // resets VmHWM to the current RSS
      const before = await memoryOf(server.pid);
      const result = await upload(api, target, `statement.${ext}`, file.content);
      const after = await memoryOf(server.pid);
      if (result.inserted !== file.rows) {
        throw new Error(`${ext}: inserted ${result.inserted} of ${file.rows} rows (seen ${result.seen})`);
      }
      const peak = after.peak - before.rss;
      results.push({
        format: ext,
        fileMiB: file.content.length / MiB,
        rows: file.rows,
        baseMiB: before.rss / MiB,
        peakMiB: peak / MiB,
        ratio: peak / file.content.length,
      });
    } finally {
      await server.stop();
    }
  }
} finally {
  await dropDatabase(DATABASE);
}

console.log(`\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);
console.log("format  file MiB      rows  RSS before  peak added  x file  verdict (< 4x)");
for (const r of results) {
  console.log(
    `${r.format.padEnd(6)}  ${fmt(r.fileMiB, 1).padStart(8)}  ${fmt(r.rows).padStart(8)}  ${fmt(r.baseMiB, 0).padStart(7)} MiB  ${fmt(r.peakMiB, 0).padStart(6)} MiB  ${fmt(r.ratio, 1).padStart(6)}  ${r.ratio < 4 ? "PASS" : "FAIL"}`,
  );
}
const path = await writeResults("import-memory", { machine, results, at: new Date().toISOString() });
console.log(`results written to ${path}`);
