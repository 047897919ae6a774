import ipaddr from "ipaddr.js";
import { z } from "zod";

/**
 * Where webhooks may point. By default only public unicast addresses: a webhook URL is chosen
 * by any person, and delivery runs inside the cluster, so without this a person could make
 * FinCoach call its own database, Redis, the Kubernetes API or a cloud metadata service.
 */
export type WebhookNetworkPolicy = {
  /** Every address allowed (WEBHOOK_ALLOW_PRIVATE=true): a single-user install calling its own LAN, tests. */
  allowPrivate: boolean;
  /** Otherwise-refused ranges allowed one by one (WEBHOOK_ALLOWED_CIDRS=10.1.0.0/16,fd00::/8). */
  allowedCidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][];
};

const Flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** The policy's environment keys, zod-checked (the services' env.ts can spread it). */
export const WebhookNetworkEnv = z.object({
  WEBHOOK_ALLOW_PRIVATE: Flag.default(false),
  WEBHOOK_ALLOWED_CIDRS: z
    .string()
    .default("")
    .transform((s, ctx) => {
      const out: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
      for (const part of s.split(",").map((p) => p.trim())) {
        if (part === "") continue;
        try {
          out.push(ipaddr.parseCIDR(part));
        } catch {
          ctx.addIssue({ code: "custom", message: `"${part}" is not a CIDR range such as 10.0.0.0/8` });
        }
      }
      return out;
    }),
});

/** The policy from a service's parsed environment (its env.ts spreads WebhookNetworkEnv). */
export const webhookNetworkPolicy = (env: z.output<typeof WebhookNetworkEnv>): WebhookNetworkPolicy => ({
  allowPrivate: env.WEBHOOK_ALLOW_PRIVATE,
  allowedCidrs: env.WEBHOOK_ALLOWED_CIDRS,
});

/**
 * Why an address is refused, or null when it may be called. IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`) is judged as the IPv4 address it reaches. Everything that is not plain
 * public unicast is refused: loopback, private, link-local (169.254.169.254, the metadata
 * service), carrier-grade NAT, unique-local (fc00::/7, fd00:ec2::254), multicast, reserved,
 * and IPv6 forms that embed an IPv4 address (6to4, Teredo, NAT64) whose target cannot be judged.
 */
export const refusedAddressReason = (address: string, policy: WebhookNetworkPolicy): string | null => {
  if (policy.allowPrivate) return null;
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return `"${address}" is not an IP address`;
  }
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  for (const [range, bits] of policy.allowedCidrs) if (ip.kind() === range.kind() && ip.match(range, bits)) return null;
  const range = ip.range();
  return range === "unicast" ? null : `${ip.toString()} is a ${range} address`;
};
