/** What one throwaway Dovecot is told: where everything goes, who runs it, what it serves. */
export type DovecotConfigInput = {
  dir: string;
  /** Plain IMAP (STARTTLS offered when `tls` is set). */
  imapPort: number;
  /** IMAP over TLS from the first byte; only with `tls`. */
  imapsPort: number | null;
  /** PEM paths of a self-signed certificate; null serves no TLS at all. */
  tls: { certPath: string; keyPath: string } | null;
  /** The account mail processes run as (never root: Dovecot refuses UID 0 for mail access). */
  mailUid: number;
  mailGid: number;
  /** Unprivileged login/internal users; as root these are the package's dovenull and dovecot. */
  loginUser: string;
  internalUser: string;
  /** Token introspection URL for XOAUTH2/OAUTHBEARER; null leaves OAuth2 off. */
  oauth2IntrospectionUrl: string | null;
};

/**
 * dovecot.conf for tests: no includes of /etc/dovecot (the package's system config must not
 * leak in), passwd-file users with PLAIN passwords, maildirs under the temp dir, plaintext
 * auth allowed (everything listens on 127.0.0.1 only). Dovecot 2.3 syntax.
 */
export const renderDovecotConfig = (c: DovecotConfigInput): string => {
  const mechanisms = c.oauth2IntrospectionUrl ? "plain login xoauth2 oauthbearer" : "plain login";
  const lines = [
    `base_dir = ${c.dir}/run`,
    `state_dir = ${c.dir}/state`,
    `log_path = ${c.dir}/dovecot.log`,
    `info_log_path = ${c.dir}/dovecot.log`,
    `debug_log_path = ${c.dir}/dovecot.log`,
    "protocols = imap",
    "listen = 127.0.0.1",
    `default_login_user = ${c.loginUser}`,
    `default_internal_user = ${c.internalUser}`,
    "disable_plaintext_auth = no",
    `auth_mechanisms = ${mechanisms}`,
    "auth_cache_size = 0",
    // A failed login is answered at once: the bad-password tests should not wait 2 s. (Anvil's
    // auth penalty still delays the next logins from 127.0.0.1 by 2-15 s after failures: tests
    // that fail logins on purpose go last in their file.)
    "auth_failure_delay = 0",
    `first_valid_uid = ${c.mailUid}`,
    `last_valid_uid = ${c.mailUid}`,
    `first_valid_gid = ${c.mailGid}`,
    `last_valid_gid = ${c.mailGid}`,
    `mail_location = maildir:${c.dir}/mail/%u`,
    // Tests make many short connections from one address.
    "mail_max_userip_connections = 1000",
    c.tls ? "ssl = yes" : "ssl = no",
    ...(c.tls ? [`ssl_cert = <${c.tls.certPath}`, `ssl_key = <${c.tls.keyPath}`] : []),
    "passdb {",
    "  driver = passwd-file",
    `  args = scheme=PLAIN username_format=%u ${c.dir}/passwd`,
    ...(c.oauth2IntrospectionUrl ? ["  mechanisms = plain login"] : []),
    "}",
    ...(c.oauth2IntrospectionUrl
      ? ["passdb {", "  driver = oauth2", "  mechanisms = xoauth2 oauthbearer", `  args = ${c.dir}/oauth2.conf`, "}"]
      : []),
    "userdb {",
    "  driver = static",
    `  args = uid=${c.mailUid} gid=${c.mailGid} home=${c.dir}/mail/%u`,
    "}",
    "service imap-login {",
    "  inet_listener imap {",
    "    address = 127.0.0.1",
    `    port = ${c.imapPort}`,
    "  }",
    "  inet_listener imaps {",
    "    address = 127.0.0.1",
    `    port = ${c.imapsPort ?? 0}`,
    ...(c.imapsPort ? ["    ssl = yes"] : []),
    "  }",
    "}",
    // The package's other listeners would bind fixed ports (pop3, lmtp sockets are fine).
    "service imap {",
    "  process_limit = 100",
    "}",
    "",
  ];
  return lines.join("\n");
};

/**
 * Dovecot's oauth2 passdb settings: the token is POSTed to the introspection endpoint
 * (`token=<token>`, RFC 7662); an answer `{"active": true, "username": "<user>"}` lets
 * that user in, anything else refuses.
 */
export const renderOauth2Config = (introspectionUrl: string): string =>
  [
    "introspection_mode = post",
    `introspection_url = ${introspectionUrl}`,
    "username_attribute = username",
    "active_attribute = active",
    "active_value = true",
    "",
  ].join("\n");
