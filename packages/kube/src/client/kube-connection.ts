import { existsSync, readFileSync } from "node:fs";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { KubeConnectionSettings, Pem } from "./connection-settings.ts";
import { parseKubeconfig } from "./kubeconfig-file.ts";

export type { KubeConnectionSettings, Pem };

/** Where a pod finds its ServiceAccount's credentials. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

const AGENT_MAX_AGE_MS = 10 * 60_000;
const TOKEN_MAX_AGE_MS = 60_000;

const readPem = (pem: Pem | undefined): Buffer | undefined =>
  pem === undefined ? undefined : "data" in pem ? pem.data : readFileSync(pem.file);

/**
 * Where and as whom to talk to a Kubernetes apiserver, loaded from a kubeconfig file or a
 * pod's ServiceAccount, with the connection pool every request shares.
 *
 * Our own, rather than @kubernetes/client-node's KubeConfig: loading client-node costs a
 * process ~65 MiB of RSS (its generated API clients and their dependencies), more than
 * the operator's whole cache at 10,000 SyncSchedules, for the handful of REST calls a
 * controller makes (bench/README.md). Supported credentials: client certificates, bearer
 * tokens and token files; exec and auth-provider plugins are refused with a clear error.
 */
export class KubeConnection {
  readonly settings: KubeConnectionSettings;
  readonly server: URL;
  #agent: { agent: HttpAgent; createdAt: number } | undefined;
  #token: { value: string; readAt: number } | undefined;

  constructor(settings: KubeConnectionSettings) {
    this.settings = settings;
    this.server = new URL(settings.server);
    if (this.server.protocol !== "https:" && this.server.protocol !== "http:") {
      throw new Error(`kubeconfig (${settings.source}): server ${settings.server} is not an http(s) URL`);
    }
  }

  get namespace(): string {
    return this.settings.namespace;
  }

  /** A kubeconfig file's current context (or `context`). */
  static fromFile(path: string, options: { context?: string } = {}): KubeConnection {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      throw new Error(`kubeconfig ${path}: ${(error as Error).message}`);
    }
    return new KubeConnection(parseKubeconfig(text, { path, baseDir: dirname(path), ...options }));
  }

  /** The pod's ServiceAccount: token, CA and namespace from the mounted secret. */
  static inCluster(env: NodeJS.ProcessEnv = process.env, dir = SERVICE_ACCOUNT_DIR): KubeConnection {
    const host = env.KUBERNETES_SERVICE_HOST;
    const port = env.KUBERNETES_SERVICE_PORT ?? "443";
    if (!host) throw new Error("in-cluster config: KUBERNETES_SERVICE_HOST is not set (not running in a pod?)");
    const namespaceFile = join(dir, "namespace");
    return new KubeConnection({
      server: `https://${host.includes(":") ? `[${host}]` : host}:${port}`,
      namespace: existsSync(namespaceFile) ? readFileSync(namespaceFile, "utf8").trim() : "default",
      ca: { file: join(dir, "ca.crt") },
      tokenFile: join(dir, "token"),
      source: "in-cluster",
    });
  }

  /**
   * As kubectl and client-go look: `$KUBECONFIG` (its first file), else the pod's
   * ServiceAccount when in a pod, else `~/.kube/config`.
   */
  static fromDefault(env: NodeJS.ProcessEnv = process.env): KubeConnection {
    const first = env.KUBECONFIG?.split(":").find((p) => p.length > 0);
    if (first) return KubeConnection.fromFile(isAbsolute(first) ? first : resolve(first));
    if (env.KUBERNETES_SERVICE_HOST && existsSync(join(SERVICE_ACCOUNT_DIR, "token"))) {
      return KubeConnection.inCluster(env);
    }
    const home = join(homedir(), ".kube", "config");
    if (existsSync(home)) return KubeConnection.fromFile(home);
    throw new Error("no Kubernetes credentials: set KUBECONFIG, run in a pod, or create ~/.kube/config");
  }

  /**
   * The shared keep-alive pool: one TLS context and a few connections for every request
   * and watch. Renewed every 10 minutes so rotated certificate files are picked up; the
   * old pool is left to finish its requests (watches end within 10 minutes) and then closed.
   */
  agent(now = Date.now()): HttpAgent {
    if (this.#agent && now - this.#agent.createdAt < AGENT_MAX_AGE_MS) return this.#agent.agent;
    const previous = this.#agent?.agent;
    if (previous) setTimeout(() => previous.destroy(), AGENT_MAX_AGE_MS + 60_000).unref();
    const s = this.settings;
    const agent =
      this.server.protocol === "http:"
        ? new HttpAgent({ keepAlive: true })
        : new HttpsAgent({
            keepAlive: true,
            ...(s.ca ? { ca: readPem(s.ca) } : {}),
            ...(s.clientCert ? { cert: readPem(s.clientCert) } : {}),
            ...(s.clientKey ? { key: readPem(s.clientKey) } : {}),
            ...(s.tlsServerName ? { servername: s.tlsServerName } : {}),
            rejectUnauthorized: !s.insecureSkipTlsVerify,
          });
    this.#agent = { agent, createdAt: now };
    return agent;
  }

  /** The Authorization header value, if this identity uses a token. */
  authorization(now = Date.now()): string | undefined {
    const { token, tokenFile } = this.settings;
    if (token) return `Bearer ${token}`;
    if (!tokenFile) return undefined;
    if (!this.#token || now - this.#token.readAt >= TOKEN_MAX_AGE_MS) {
      this.#token = { value: readFileSync(tokenFile, "utf8").trim(), readAt: now };
    }
    return `Bearer ${this.#token.value}`;
  }

  /** Closes the pool's connections (watches included). */
  close(): void {
    this.#agent?.agent.destroy();
    this.#agent = undefined;
  }
}
