import { readFileSync } from "node:fs";
import type { Agent } from "node:http";
import type { RequestOptions } from "node:https";
import { dirname } from "node:path";
import type { Cluster, Context, KubeConfig, User } from "@kubernetes/client-node";
import { parse, stringify } from "yaml";
import type { KubeConnectionSettings } from "./connection-settings.ts";
import { parseKubeconfig } from "./kubeconfig-file.ts";
import { proxyFromEnv } from "./no-proxy.ts";
import type { CredentialSource } from "./request-credentials.ts";

type Named = { name: string };
type RawKubeconfig = {
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
  "current-context"?: string;
};

// client-go's merge: the first file to name a cluster, user or context, or to set
// current-context, wins (client-node's own mergeConfig throws on a repeated name instead).
const firstWins = <T extends Named>(lists: (T[] | undefined)[]): T[] => {
  const byName = new Map<string, T>();
  for (const list of lists) for (const item of list ?? []) if (!byName.has(item.name)) byName.set(item.name, item);
  return [...byName.values()];
};

const importClientNode = async (needs: string[]) => {
  try {
    // A dynamic import, so that a bundle marking client-node external loads it only here.
    return await import("@kubernetes/client-node");
  } catch (error) {
    throw new Error(
      `this kubeconfig needs @kubernetes/client-node (${needs.join(", ")}), which could not be loaded: ${(error as Error).message}`,
    );
  }
};

/**
 * The settings, and the credentials and agent that @kubernetes/client-node's KubeConfig makes, for
 * kubeconfigs the lean client does not serve (`needs` says why, for messages). The same
 * refusals apply as on the lean path (basic auth, partial impersonation).
 */
export const clientNodeConnection = async (
  paths: string[],
  env: NodeJS.ProcessEnv,
  needs: string[],
): Promise<{ settings: KubeConnectionSettings; credentials: CredentialSource }> => {
  const source = paths.join(":");
  const raws = paths.map((path) => {
    try {
      return (parse(readFileSync(path, "utf8")) ?? {}) as RawKubeconfig;
    } catch (error) {
      throw new Error(`kubeconfig ${path}: ${(error as Error).message}`);
    }
  });
  const merged = {
    clusters: firstWins(raws.map((r) => r.clusters)),
    users: firstWins(raws.map((r) => r.users)),
    contexts: firstWins(raws.map((r) => r.contexts)),
    "current-context": raws.find((r) => r["current-context"])?.["current-context"],
  };
  // Validates the merged file and refuses what no client does faithfully, as the lean path does.
  const { settings } = parseKubeconfig(stringify(merged), { path: source, baseDir: dirname(paths[0] ?? ".") });
  const clientNode = await importClientNode(needs);
  // One KubeConfig per file resolves each file's relative paths against its own folder.
  const loaded = paths.map((path) => {
    const kc = new clientNode.KubeConfig();
    kc.loadFromFile(path);
    return kc;
  });
  const kc = new clientNode.KubeConfig();
  const clusters = firstWins<Cluster>(loaded.map((k) => k.getClusters()));
  const contextName = merged["current-context"] as string;
  const context = firstWins<Context>(loaded.map((k) => k.getContexts())).find((c) => c.name === contextName);
  const server = new URL(settings.server);
  const proxy = proxyFromEnv(server, env);
  kc.loadFromOptions({
    clusters: clusters.map((c) =>
      c.name === context?.cluster && !c.proxyUrl && proxy ? { ...c, proxyUrl: proxy } : c,
    ),
    users: firstWins<User>(loaded.map((k) => k.getUsers())),
    contexts: firstWins<Context>(loaded.map((k) => k.getContexts())),
    currentContext: contextName,
  });
  // The caller builds the KubeConnection: importing it here would make a module cycle.
  return {
    settings: {
      server: settings.server,
      namespace: settings.namespace,
      source: `${settings.source} (client-node: ${needs.join(", ")})`,
    },
    credentials: kubeConfigCredentials(kc),
  };
};

/** Every request's agent and headers from the KubeConfig (it caches the agent and an exec plugin's token). */
const kubeConfigCredentials = (kc: KubeConfig): CredentialSource => {
  const agents = new Set<Agent>();
  return {
    async credentials() {
      const options: RequestOptions = {};
      await kc.applyToHTTPSOptions(options);
      const agent = options.agent as Agent;
      agents.add(agent);
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(options.headers ?? {})) {
        if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
      }
      return { agent, headers };
    },
    close() {
      for (const agent of agents) agent.destroy();
      agents.clear();
    },
  };
};
