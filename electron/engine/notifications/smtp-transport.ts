import nodemailer from 'nodemailer';
import type { SmtpConnection } from './smtp-settings';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface SendResult {
  readonly accepted: string[];
  readonly response: string;
}

/** Sends one mail; rejects with the SMTP client's error. Injected so tests can count attempts. */
export type MailSender = (connection: SmtpConnection, mail: OutgoingMail) => Promise<SendResult>;

/**
 * One nodemailer transport per send: settings may change between mails, and notifications are
 * rare enough that a pooled connection buys nothing. Timeouts are short so a dead server is
 * noticed quickly; the outbox retries.
 */
export const sendWithNodemailer: MailSender = async (connection, mail) => {
  const transport = nodemailer.createTransport({
    host: connection.host,
    port: connection.port,
    secure: connection.security === 'tls',
    requireTLS: connection.security === 'starttls',
    ignoreTLS: connection.security === 'none',
    ...(connection.user ? { auth: { user: connection.user, pass: connection.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  try {
    const info = await transport.sendMail({ from: connection.from, to: mail.to, subject: mail.subject, text: mail.text });
    return { accepted: info.accepted.map(String), response: String(info.response ?? '') };
  } finally {
    transport.close();
  }
};

/** An SMTP error for people: its message, without the password if a server ever echoed it. */
export function describeSmtpError(error: unknown, connection: SmtpConnection | null): string {
  let message = error instanceof Error ? error.message : String(error);
  if (connection?.password) message = message.split(connection.password).join('••••••••');
  return message.replace(/\s+/g, ' ').trim().slice(0, 300) || 'Unknown SMTP error.';
}
