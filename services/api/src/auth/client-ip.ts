import { isIP } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

const socketAddress = (c: Context): string | undefined => {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // in-process `app.request()` (tests) has no socket
  }
};

/**
 * The client's address. Behind a trusted proxy (`TRUST_PROXY`) the socket peer is the
 * proxy, so the last X-Forwarded-For hop is used: the one our proxy appended, which the
 * client can't forge (earlier hops are whatever the client sent). Otherwise the header is
 * ignored entirely. "unknown" when neither is available.
 */
export const clientIp = (c: Context, trustProxy: boolean): string => {
  if (trustProxy) {
    const hop = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (hop && isIP(hop) !== 0) return hop;
  }
  return socketAddress(c) ?? "unknown";
};

/** Eight groups of an IPv6 address, `::` expanded; an embedded IPv4 tail counts as two. */
const ipv6Groups = (ip: string): string[] => {
  const split = (s: string) => (s ? s.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])) : []);
  const [head, tail] = ip.split("::");
  const h = split(head ?? "");
  if (tail === undefined) return h;
  const t = split(tail);
  return [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t];
};

/**
 * The rate-limit identity of an address: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by
 * its /64, since one host commonly holds a whole /64 and could rotate through it.
 */
export const ipBucket = (ip: string): string => {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIP(ip) !== 6) return ip;
  const groups = ipv6Groups(ip.toLowerCase()).slice(0, 4);
  return `${groups.map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
};
