import type { KubeConfig, RequestContext } from "@kubernetes/client-node";

type Dispatcher = NonNullable<ReturnType<RequestContext["getDispatcher"]>>;
type Shared = { dispatcher: Dispatcher; createdAt: number };

const patched = new WeakSet<KubeConfig>();

/**
 * Makes every client built from `kc` reuse one connection pool per cluster and user.
 *
 * client-node 2.0.1 gives every request a new undici Agent (`KubeConfig.createDispatcher`;
 * upstream caches its https.Agents by cluster and user but not these): each API call opens
 * its own TLS connection from a secure context parsed anew from PEM, and the idle
 * connection lingers until its keep-alive ends. Under a burst of reconciles that is a TLS
 * handshake per call and hundreds of MB of native memory. Patched here on the instance,
 * through the public `applySecurityAuthentication`: the Agent client-node built for the
 * call is swapped for the shared one (an Agent holds no socket before its first request).
 * The shared Agent is replaced after `maxAgeMs`, so a rotated client certificate file is
 * picked up; the old one closes once its requests (watches included) are done.
 * Idempotent; returns `kc`.
 */
export const shareConnections = (kc: KubeConfig, options: { maxAgeMs?: number; now?: () => number } = {}) => {
  if (patched.has(kc)) return kc;
  patched.add(kc);
  const maxAgeMs = options.maxAgeMs ?? 600_000;
  const now = options.now ?? Date.now;
  const pools = new Map<string, Shared>();
  const authenticate = kc.applySecurityAuthentication.bind(kc);
  kc.applySecurityAuthentication = async (context: RequestContext) => {
    await authenticate(context);
    const fresh = context.getDispatcher();
    // No TLS options (plain http): client-node sets none and undici's global pool is used.
    if (!fresh) return;
    const cluster = kc.getCurrentCluster();
    const key = JSON.stringify([cluster?.name, cluster?.server, kc.getCurrentUser()?.name]);
    const shared = pools.get(key);
    if (shared && now() - shared.createdAt < maxAgeMs) {
      context.setDispatcher(shared.dispatcher);
      return;
    }
    if (shared) shared.dispatcher.close().catch(() => {});
    pools.set(key, { dispatcher: fresh, createdAt: now() });
  };
  return kc;
};
