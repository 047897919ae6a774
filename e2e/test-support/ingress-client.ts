import type { LookupFunction } from "node:net";
import { Agent } from "undici";
import { NODE_IP } from "../cluster/index.ts";

/**
 * An undici dispatcher for reaching the node's ingress controller as a person whose DNS
 * names the node for an Ingress's host: every host name resolves to the node's address, so
 * the URL's host is both the Host header and the TLS server name the controller routes by.
 * `ca` (PEM) is the only CA trusted for HTTPS: a verified connection proves the controller
 * served the certificate that CA issued.
 */
export const ingressAgent = (o: { ca?: string } = {}): Agent =>
  new Agent({
    connect: {
      ...(o.ca ? { ca: o.ca } : {}),
      lookup: ((_host, options, callback) => {
        if (options.all) callback(null, [{ address: NODE_IP, family: 4 }]);
        else callback(null, NODE_IP, 4);
      }) satisfies LookupFunction,
    },
  });
