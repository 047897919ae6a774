import nodemailer from "nodemailer";
import { z } from "zod";

/** Sends one plain-text message; throws when the server refuses it or cannot be reached. */
export type Mailer = { send(to: string, subject: string, text: string): Promise<void>; close(): void };

/** The e-mail channel's environment keys (the worker's env.ts can spread it). */
export const SmtpEnv = z.object({
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465; unset: no e-mail channel. */
  SMTP_URL: z.url().optional(),
  SMTP_FROM: z.string().min(3).default("FinCoach <notifications@localhost>"),
});

/** A nodemailer SMTP transport; its timeouts keep a hanging server from holding a job's lease. */
export const createSmtpMailer = (smtpUrl: string, from: string, timeoutMs = 10_000): Mailer => {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    send: async (to, subject, text) => {
      await transport.sendMail({ from, to, subject, text });
    },
    close: () => transport.close(),
  };
};
