import { existsSync, readFileSync } from "node:fs";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { KubeConnectionSettings, Pem } from "./connection-settings.ts";
import { type ParsedKubeconfig, parseKubeconfig } from "./kubeconfig-file.ts";
import { proxyFromEnv } from "./no-proxy.ts";
import type { CredentialSource, RequestCredentials } from "./request-credentials.ts";

export type { CredentialSource, KubeConnectionSettings, Pem, RequestCredentials };

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
 * controller makes (bench/README.md). It serves client certificates, bearer tokens and
 * token files itself (a pod's ServiceAccount, most kubeconfigs); for what else a user's
 * kubeconfig may hold (exec and auth-provider plugins, proxies, impersonation, several
 * files in KUBECONFIG) {@link KubeConnection.fromDefault} loads client-node on demand and
 * lets its KubeConfig make the credentials and the agent. Basic auth is refused.
 */
export class KubeConnection {
  readonly settings: KubeConnectionSettings;
  readonly server: URL;
  readonly #external: CredentialSource | undefined;
  #agent: { agent: HttpAgent; createdAt: number } | undefined;
  #token: { value: string; readAt: number } | undefined;

  /** `external`, when given, makes every request's credentials instead of `settings`' own. */
  constructor(settings: KubeConnectionSettings, external?: CredentialSource) {
    this.settings = settings;
    this.#external = external;
    this.server = new URL(settings.server);
    if (this.server.protocol !== "https:" && this.server.protocol !== "http:") {
      throw new Error(`kubeconfig (${settings.source}): server ${settings.server} is not an http(s) URL`);
    }
  }

  get namespace(): string {
    return this.settings.namespace;
  }

  /**
   * A kubeconfig file's current context (or `context`) that the lean client serves alone
   * (certificates, tokens); throws, naming why, for one that needs {@link fromDefault}.
   */
  static fromFile(path: string, options: { context?: string } = {}): KubeConnection {
    const { settings, needs } = readKubeconfig(path, options);
    if (needs.length > 0) throw new Error(`kubeconfig ${path}: ${needs.join(", ")}: load it with fromDefault()`);
    return new KubeConnection(settings);
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
   * As kubectl and client-go look: `$KUBECONFIG` (several files merged), else the pod's
   * ServiceAccount when in a pod, else `~/.kube/config`. A kubeconfig with an exec or
   * auth-provider user, impersonation (`as`), a `proxy-url` (or `HTTPS_PROXY` set for its
   * server), or several files, is handed to client-node, imported only then; a pod's
   * ServiceAccount never is (its apiserver address is not proxied).
   */
  static async fromDefault(env: NodeJS.ProcessEnv = process.env): Promise<KubeConnection> {
    const files = (env.KUBECONFIG ?? "").split(":").filter((p) => p.length > 0);
    if (files.length === 0) {
      if (env.KUBERNETES_SERVICE_HOST && existsSync(join(SERVICE_ACCOUNT_DIR, "token"))) {
        return KubeConnection.inCluster(env);
      }
      const home = join(homedir(), ".kube", "config");
      if (!existsSync(home)) {
        throw new Error("no Kubernetes credentials: set KUBECONFIG, run in a pod, or create ~/.kube/config");
      }
      files.push(home);
    }
    const paths = files.map((f) => (isAbsolute(f) ? f : resolve(f)));
    const needs = paths.length > 1 ? [`KUBECONFIG lists ${paths.length} files`] : [];
    let parsed: ParsedKubeconfig | undefined;
    if (paths.length === 1) {
      parsed = readKubeconfig(paths[0] as string);
      needs.push(...parsed.needs);
    }
    const proxy = parsed && proxyFromEnv(new URL(parsed.settings.server), env);
    if (parsed && proxy && needs.length === 0)
      needs.push(`HTTPS_PROXY/HTTP_PROXY applies to ${parsed.settings.server}`);
    if (parsed && needs.length === 0) return new KubeConnection(parsed.settings);
    const { clientNodeConnection } = await import("./client-node-connection.ts");
    const { settings, credentials } = await clientNodeConnection(paths, env, needs);
    return new KubeConnection(settings, credentials);
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

  /** How the next request authenticates: the external source's, or the lean pool and token. */
  async credentials(): Promise<RequestCredentials> {
    if (this.#external) return this.#external.credentials();
    const authorization = this.authorization();
    return { agent: this.agent(), headers: authorization ? { authorization } : {} };
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
    this.#external?.close();
    this.#agent?.agent.destroy();
    this.#agent = undefined;
  }
}

const readKubeconfig = (path: string, options: { context?: string } = {}): ParsedKubeconfig => {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`kubeconfig ${path}: ${(error as Error).message}`);
  }
  return parseKubeconfig(text, { path, baseDir: dirname(path), ...options });
};
