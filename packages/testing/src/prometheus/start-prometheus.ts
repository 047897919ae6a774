import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trackForCleanup } from "../control-plane/exit-cleanup.ts";
import { type ManagedProcess, startProcess, stopProcess } from "../control-plane/managed-process.ts";
import { waitHealthy } from "../control-plane/wait-healthy.ts";
import { freePort } from "../free-port.ts";
import { prometheusBinary } from "./prometheus-binary.ts";
import { renderPrometheusConfig, type ScrapeJob } from "./prometheus-config.ts";

export type PrometheusOptions = {
  jobs?: readonly ScrapeJob[];
  /** Default 1000: a test sees new samples within about a second. */
  scrapeIntervalMs?: number;
  /** Rule evaluation; defaults to the scrape interval. */
  evaluationIntervalMs?: number;
  /** Rule files by name, as YAML (or JSON) text: recording and alerting rules under test. */
  rules?: Record<string, string>;
  startTimeoutMs?: number;
};

/** One sample of an instant vector; `value` may be NaN or ±Infinity. */
export type PromSample = { metric: Record<string, string>; value: number; timestampMs: number };

export type TestPrometheus = {
  /** `http://127.0.0.1:<port>`, the HTTP API's base. */
  url: string;
  pid: number;
  dir: string;
  /** An instant query (at `time`, default now); throws with Prometheus's error message. */
  query(promql: string, time?: Date): Promise<PromSample[]>;
  /** Polls `query` until `until` accepts its samples; fails with the last answer after `timeoutMs`. */
  waitFor(promql: string, until: (samples: PromSample[]) => boolean, timeoutMs?: number): Promise<PromSample[]>;
  logTail(lines?: number): string;
  /** Stops the process and removes its config and storage. Safe to call twice. */
  stop(): Promise<void>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type ApiAnswer = {
  status: "success" | "error";
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
};

/** Prometheus writes non-finite values as `NaN`, `+Inf` and `-Inf`. */
const sampleValue = (text: string): number =>
  text === "+Inf" ? Number.POSITIVE_INFINITY : text === "-Inf" ? Number.NEGATIVE_INFINITY : Number(text);

const instantQuery = async (url: string, promql: string, time: Date): Promise<PromSample[]> => {
  const params = new URLSearchParams({ query: promql, time: (time.getTime() / 1000).toFixed(3) });
  const response = await fetch(`${url}/api/v1/query?${params}`, { signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as ApiAnswer;
  if (body.status !== "success" || !body.data) throw new Error(`prometheus query ${promql}: ${body.error}`);
  if (body.data.resultType !== "vector") throw new Error(`prometheus query ${promql}: a ${body.data.resultType}`);
  return body.data.result.map((r) => ({
    metric: r.metric,
    value: sampleValue(r.value[1]),
    timestampMs: r.value[0] * 1000,
  }));
};

/**
 * Starts Debian's `prometheus` on a free port with a temp config and storage, scraping
 * `jobs` every `scrapeIntervalMs`, and waits until it is ready. The process and its temp
 * dir go on `stop()`, or when the test process exits.
 */
export const startPrometheus = async (options: PrometheusOptions = {}): Promise<TestPrometheus> => {
  const bin = await prometheusBinary();
  const scrapeIntervalMs = options.scrapeIntervalMs ?? 1000;
  const dir = await mkdtemp(join(tmpdir(), "fincoach-prometheus-"));
  let proc: ManagedProcess | undefined;
  const cleanup = trackForCleanup(dir, () => (proc ? [proc] : []));
  const stop = async () => {
    if (proc) await stopProcess(proc, 5_000);
    cleanup.untrack();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ruleFiles = await Promise.all(
      Object.entries(options.rules ?? {}).map(async ([name, text]) => {
        const path = join(dir, `rules-${name}.yml`);
        await writeFile(path, text);
        return path;
      }),
    );
    const configPath = join(dir, "prometheus.yml");
    await writeFile(
      configPath,
      renderPrometheusConfig({
        scrapeIntervalMs,
        evaluationIntervalMs: options.evaluationIntervalMs ?? scrapeIntervalMs,
        jobs: options.jobs ?? [],
        ruleFiles,
      }),
    );
    await mkdir(join(dir, "data"));
    // freePort can race with another process taking the port: a few attempts.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      proc = startProcess(
        bin,
        [
          `--config.file=${configPath}`,
          `--storage.tsdb.path=${join(dir, "data")}`,
          `--web.listen-address=127.0.0.1:${port}`,
          "--storage.tsdb.retention.time=1h",
        ],
        join(dir, "prometheus.log"),
      );
      cleanup.update();
      try {
        await waitHealthy("prometheus", proc, () => ready(url), options.startTimeoutMs ?? 30_000);
      } catch (error) {
        if (attempt < 3 && /address already in use/.test(proc.logTail())) continue;
        throw error;
      }
      const started = proc;
      const query = (promql: string, time = new Date()) => instantQuery(url, promql, time);
      return {
        url,
        pid: started.child.pid ?? 0,
        dir,
        query,
        waitFor: async (promql, until, timeoutMs = 20_000) => {
          const deadline = Date.now() + timeoutMs;
          let last: PromSample[] | string = [];
          while (Date.now() < deadline) {
            last = await query(promql).catch((e: Error) => e.message);
            if (typeof last !== "string" && until(last)) return last;
            await sleep(200);
          }
          throw new Error(
            `prometheus: ${promql} not as awaited after ${timeoutMs} ms; last answer: ${JSON.stringify(last)}`,
          );
        },
        logTail: (lines) => started.logTail(lines),
        stop,
      };
    }
  } catch (error) {
    await stop();
    throw error;
  }
};

/** `/-/ready` answers 200 once the TSDB is open and the config loaded. */
const ready = async (url: string): Promise<boolean> => {
  const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) });
  return response.status === 200;
};
