import { isAbsolute, join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import type { KubeConnectionSettings, Pem } from "./connection-settings.ts";

// The parts of clientcmd's v1 Config that pick a server and credentials; the rest is ignored.
const Cluster = z.object({
  server: z.string().min(1),
  "certificate-authority": z.string().optional(),
  "certificate-authority-data": z.string().optional(),
  "insecure-skip-tls-verify": z.boolean().optional(),
  "tls-server-name": z.string().optional(),
  "proxy-url": z.string().optional(),
});
const User = z.object({
  "client-certificate": z.string().optional(),
  "client-certificate-data": z.string().optional(),
  "client-key": z.string().optional(),
  "client-key-data": z.string().optional(),
  token: z.string().optional(),
  tokenFile: z.string().optional(),
  exec: z.unknown().optional(),
  "auth-provider": z.unknown().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  as: z.string().optional(),
  "as-uid": z.string().optional(),
  "as-groups": z.array(z.string()).nullish(),
  "as-user-extra": z.record(z.string(), z.array(z.string())).nullish(),
});
type User = z.infer<typeof User>;
const Context = z.object({ cluster: z.string(), user: z.string().optional(), namespace: z.string().optional() });
const Kubeconfig = z.object({
  clusters: z.array(z.object({ name: z.string(), cluster: Cluster })).default([]),
  users: z.array(z.object({ name: z.string(), user: User.nullish() })).default([]),
  contexts: z.array(z.object({ name: z.string(), context: Context })).default([]),
  "current-context": z.string().optional(),
});

/**
 * A kubeconfig's chosen context as connection settings, and what in it the lean client
 * does not do itself (`needs`: exec or auth-provider plugins, a proxy, impersonation),
 * which @kubernetes/client-node's KubeConfig then does.
 */
export type ParsedKubeconfig = { settings: KubeConnectionSettings; needs: string[] };

/** Parses a kubeconfig's chosen context into connection settings (files relative to `baseDir`). */
export const parseKubeconfig = (
  text: string,
  options: { path: string; baseDir: string; context?: string },
): ParsedKubeconfig => {
  const fail = (message: string): never => {
    throw new Error(`kubeconfig ${options.path}: ${message}`);
  };
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return fail(`not valid YAML: ${(error as Error).message}`);
  }
  const parsed = Kubeconfig.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  const config = parsed.data;
  const contextName = options.context ?? config["current-context"] ?? fail("no current-context");
  const context =
    config.contexts.find((c) => c.name === contextName)?.context ?? fail(`context "${contextName}" not found`);
  const cluster =
    config.clusters.find((c) => c.name === context.cluster)?.cluster ?? fail(`cluster "${context.cluster}" not found`);
  const user = context.user ? (config.users.find((u) => u.name === context.user)?.user ?? {}) : {};
  refuseUnsupported(user, context.user ?? "", fail);
  const file = (path: string) => (isAbsolute(path) ? path : join(options.baseDir, path));
  const pem = (data: string | undefined, path: string | undefined): Pem | undefined =>
    data ? { data: Buffer.from(data, "base64") } : path ? { file: file(path) } : undefined;
  const settings: KubeConnectionSettings = {
    server: cluster.server,
    namespace: context.namespace ?? "default",
    source: `context ${contextName} of ${options.path}`,
  };
  const ca = pem(cluster["certificate-authority-data"], cluster["certificate-authority"]);
  const cert = pem(user["client-certificate-data"], user["client-certificate"]);
  const key = pem(user["client-key-data"], user["client-key"]);
  if (ca) settings.ca = ca;
  if (cert) settings.clientCert = cert;
  if (key) settings.clientKey = key;
  if (user.token) settings.token = user.token;
  if (user.tokenFile) settings.tokenFile = file(user.tokenFile);
  if (cluster["insecure-skip-tls-verify"]) settings.insecureSkipTlsVerify = true;
  if (cluster["tls-server-name"]) settings.tlsServerName = cluster["tls-server-name"];
  const needs = [
    ...(user.exec !== undefined ? [`user "${context.user}" has an exec plugin`] : []),
    ...(user["auth-provider"] !== undefined ? [`user "${context.user}" has an auth-provider`] : []),
    ...(user.as !== undefined ? [`user "${context.user}" impersonates "${user.as}"`] : []),
    ...(cluster["proxy-url"] ? [`cluster "${context.cluster}" has a proxy-url`] : []),
  ];
  return { settings, needs };
};

/**
 * What neither client can do faithfully is refused rather than half done: basic auth
 * (removed from Kubernetes in 1.19; connecting anonymously instead would fail later and
 * obscurely) and impersonation beyond the user name (client-node sends only
 * Impersonate-User, so dropping the groups would act with other rights).
 */
const refuseUnsupported = (user: User, name: string, fail: (message: string) => never) => {
  if (user.username !== undefined || user.password !== undefined) {
    fail(
      `user "${name}": basic auth (username/password) is not supported; use a token, a certificate or an exec plugin`,
    );
  }
  if (user["as-groups"]?.length || user["as-uid"] || Object.keys(user["as-user-extra"] ?? {}).length) {
    fail(`user "${name}": only "as" impersonation is supported, not as-groups, as-uid or as-user-extra`);
  }
};
