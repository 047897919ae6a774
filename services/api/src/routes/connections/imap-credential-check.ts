import type { ImapSettingsData } from "@fincoach/db";
import type { ConnectionCheck } from "@fincoach/domain";
import { ImapFlow, type ImapFlowOptions } from "imapflow";

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ECONNRESET: "connection reset by the server",
  EHOSTUNREACH: "host unreachable",
  ETIMEDOUT: "timed out",
  ETIMEOUT: "timed out",
  CONNECT_TIMEOUT: "timed out connecting",
  GREETING_TIMEOUT: "timed out waiting for the server's greeting",
};

/** Node's certificate and TLS error codes (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID...). */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|^ERR_TLS|^ERR_SSL/;

type ImapError = Error & {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
};

/**
 * The server's reason in one line, built from chosen fields only: an imapflow error may
 * carry the command it sent (`executedCommand`, a LOGIN with the password), never used.
 */
const reasonOf = (e: ImapError, where: string): string => {
  if (e.authenticationFailed) {
    const said = [e.serverResponseCode, e.responseText].filter(Boolean).join(" ");
    return `authentication failed${said ? `: ${said}` : ""}`;
  }
  if (e.tlsFailed || (e.code && TLS_CODE.test(e.code))) {
    // Node's own text ("self-signed certificate", "certificate has expired"), up to its hint.
    const why = e.message.split(";")[0]?.trim();
    return `TLS failed at ${where}: ${why || "handshake refused"}${e.code ? ` (${e.code})` : ""}`;
  }
  const network = e.code ? NETWORK_REASONS[e.code] : undefined;
  if (network) return `${network} (${where})`;
  if (e.serverResponseCode || e.responseText) {
    return `server refused: ${[e.serverResponseCode, e.responseText].filter(Boolean).join(" ")}`;
  }
  return `could not sign in at ${where}${e.code ? ` (${e.code})` : ""}`;
};

/** imapflow's options for a connection's TLS mode: implicit TLS, a required STARTTLS, or plain text. */
export const imapTransport = (tls: ImapSettingsData["tls"]): Pick<ImapFlowOptions, "secure" | "doSTARTTLS"> =>
  tls === "implicit"
    ? { secure: true }
    : tls === "starttls"
      ? { secure: false, doSTARTTLS: true }
      : { secure: false, doSTARTTLS: false };

/** Connects and signs in (LOGIN or XOAUTH2), then logs out; the server's refusal becomes `reason`. */
export const checkImapCredentials =
  (timeoutMs: number) =>
  async (settings: ImapSettingsData, secret: string): Promise<ConnectionCheck> => {
    const where = `${settings.host}:${settings.port}`;
    const client = new ImapFlow({
      host: settings.host,
      port: settings.port,
      ...imapTransport(settings.tls),
      auth:
        settings.auth === "password"
          ? { user: settings.username, pass: secret }
          : { user: settings.username, accessToken: secret },
      // imapflow logs every command it sends, LOGIN included: never a logger here.
      logger: false,
      verifyOnly: true,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    // A socket error after connect() settled must not become an unhandled 'error' event.
    client.on("error", () => {});
    try {
      await client.connect();
      return { ok: true };
    } catch (e) {
      const reason = reasonOf(e as ImapError, where);
      // Belt and braces: whatever a server echoes, the credential never leaves in a reason.
      return { ok: false, reason: reason.replaceAll(secret, "[redacted]") };
    } finally {
      client.close();
    }
  };
