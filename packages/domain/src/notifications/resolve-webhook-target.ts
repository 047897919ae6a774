import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { AppError } from "@fincoach/errors";
import { refusedAddressReason, type WebhookNetworkPolicy } from "./network-policy.ts";

/** A webhook URL with the one address it will be called on, checked against the policy. */
export type WebhookTarget = { url: URL; address: string; family: 4 | 6 };

const refused = (message: string) =>
  new AppError("VALIDATION", message, { issues: [{ path: "url", message }], retryable: false });

/** The URL's own shape: http(s), no credentials in it. */
export const parseWebhookUrl = (raw: string): URL => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused("must be an absolute http:// or https:// URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refused("must be an http:// or https:// URL");
  if (url.username !== "" || url.password !== "") throw refused("must not carry a user name or password");
  return url;
};

/**
 * Resolves the URL's host and checks every address it resolves to (a name with one public
 * and one private address is refused: which one a client picks is not ours to control). The
 * caller connects to the returned address only (pinned), so a second DNS answer — DNS
 * rebinding — cannot send the request elsewhere. Called when a webhook is created and again
 * before every delivery.
 */
export const resolveWebhookTarget = async (raw: string, policy: WebhookNetworkPolicy): Promise<WebhookTarget> => {
  const url = parseWebhookUrl(raw);
  // URL keeps IPv6 literals bracketed: [::1].
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: { address: string; family: number }[];
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new AppError("VALIDATION", `the host "${host}" does not resolve`, {
        issues: [{ path: "url", message: `the host "${host}" does not resolve` }],
      });
    }
  }
  if (addresses.length === 0) throw refused(`the host "${host}" does not resolve`);
  for (const a of addresses) {
    const why = refusedAddressReason(a.address, policy);
    if (why) throw refused(`refused: ${host} resolves to ${why} (webhooks call public addresses only)`);
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
};
