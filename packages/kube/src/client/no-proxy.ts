import { BlockList, isIP } from "node:net";

/**
 * Whether `NO_PROXY` (Go's and curl's syntax: comma-separated hosts, `.domain` or `domain`
 * suffixes, IPs, CIDRs, `*`; an entry's `:port` is ignored) exempts `host` from the proxy.
 */
export const bypassesProxy = (host: string, noProxy: string | undefined): boolean => {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  for (const raw of (noProxy ?? "").split(",")) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") return true;
    if (entry.includes("/")) {
      if (inCidr(bare, entry)) return true;
      continue;
    }
    const name = isIP(entry.replace(/^\[|\]$/g, "")) ? entry.replace(/^\[|\]$/g, "") : entry.replace(/:\d+$/, "");
    const domain = name.replace(/^\*?\./, "");
    if (bare === domain || bare.endsWith(`.${domain}`)) return true;
  }
  return false;
};

const inCidr = (host: string, cidr: string): boolean => {
  const [network = "", bits = ""] = cidr.split("/");
  const family = isIP(network);
  if (!family || isIP(host) !== family) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  const list = new BlockList();
  list.addSubnet(network, Number(bits), type);
  return list.check(host, type);
};

/** The proxy client-go would use for `server` (HTTPS_PROXY or HTTP_PROXY by scheme), if any. */
export const proxyFromEnv = (server: URL, env: NodeJS.ProcessEnv): string | undefined => {
  const proxy =
    server.protocol === "https:" ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!proxy) return undefined;
  return bypassesProxy(server.hostname, env.NO_PROXY ?? env.no_proxy) ? undefined : proxy;
};
