/** Headers of a message built for tests and benchmarks. */
export type MessageHeaders = {
  from: string;
  to?: string;
  subject: string;
  /** RFC 5322 date, e.g. "Mon, 10 Feb 2020 08:15:00 -0600". */
  date: string;
  /** Without angle brackets. */
  messageId: string;
};

const encodeHeader = (value: string): string =>
  /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;

const base64Lines = (body: string): string => {
  const b64 = Buffer.from(body, "utf8").toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join("\r\n");
};

/**
 * A minimal RFC 822 message around a body: how the corpus's bare HTML bodies become mails, and
 * how the synthetic mailbox is written. Bodies travel base64-encoded (long HTML lines would break
 * the 998-character line limit otherwise).
 */
export const rfc822 = (headers: MessageHeaders, body: string, contentType: "text/html" | "text/plain"): string =>
  [
    `From: ${encodeHeader(headers.from)}`,
    `To: ${headers.to ?? "Test User <user@example.test>"}`,
    `Subject: ${encodeHeader(headers.subject)}`,
    `Date: ${headers.date}`,
    `Message-ID: <${headers.messageId}>`,
    "MIME-Version: 1.0",
    `Content-Type: ${contentType}; charset=utf-8`,
    "Content-Transfer-Encoding: base64",
    "",
    base64Lines(body),
    "",
  ].join("\r\n");
