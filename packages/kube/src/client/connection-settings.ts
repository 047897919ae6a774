/** A PEM value given inline or as a file (read again when the connection renews its agent). */
export type Pem = { data: Buffer } | { file: string };

/** Everything needed to reach one apiserver as one identity. */
export type KubeConnectionSettings = {
  /** e.g. https://127.0.0.1:6443 */
  server: string;
  /** The namespace of the context (or the pod's), for objects that name none. */
  namespace: string;
  ca?: Pem;
  clientCert?: Pem;
  clientKey?: Pem;
  /** A bearer token, or a file holding one (ServiceAccount tokens rotate: read again every minute). */
  token?: string;
  tokenFile?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  /** For messages only: the context or "in-cluster". */
  source: string;
};
