import { readFileSync } from "node:fs";
import { request } from "node:https";
import type { CertFiles } from "./certificates.ts";
import type { ManagedProcess } from "./managed-process.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every 100 ms until it answers true; fails with the process's log tail if
 * the process exits first or `timeoutMs` passes.
 */
export const waitHealthy = async (
  what: string,
  proc: ManagedProcess,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.hasExited()) throw new Error(`${what} exited while starting:\n${proc.logTail()}`);
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what} not healthy after ${timeoutMs} ms:\n${proc.logTail()}`);
};

/** etcd's `/health` says `"health":"true"`. */
export const etcdHealthy = (clientUrl: string) => async (): Promise<boolean> => {
  const response = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(2_000) });
  const body = (await response.json()) as { health?: string };
  return response.ok && body.health === "true";
};

/** kube-apiserver's `/healthz` answers `ok` over TLS to the admin client certificate. */
export const apiserverHealthy = (server: string, caCert: string, client: CertFiles) => async (): Promise<boolean> => {
  const { status, body } = await httpsGet(`${server}/healthz`, caCert, client);
  return status === 200 && body.trim() === "ok";
};

/**
 * kube-controller-manager's `/healthz` is ok, and lists its controllers' checks rather than
 * the placeholder `ping`: it adds them all at once, after every controller has started.
 */
export const controllersStarted = (url: string, caCert: string) => async (): Promise<boolean> => {
  const { status, body } = await httpsGet(`${url}/healthz?verbose`, caCert);
  const checks = [...body.matchAll(/^\[\+\](\S+) ok$/gm)].map((m) => m[1]);
  return status === 200 && checks.some((name) => name !== "ping");
};

/** A GET over TLS trusting `caCert`, optionally with a client certificate; never rejects. */
const httpsGet = (url: string, caCert: string, client?: CertFiles): Promise<{ status: number; body: string }> =>
  new Promise((resolve) => {
    const req = request(
      url,
      {
        ca: readFileSync(caCert),
        ...(client ? { cert: readFileSync(client.cert), key: readFileSync(client.key) } : {}),
        timeout: 2_000,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", () => resolve({ status: 0, body }));
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.end();
  });
