import { z } from 'zod';
import { Email, Language } from './accounts';
import { event, method } from './define';

/** What happened, as the notification bus knows it. */
export const NoticeKind = z.enum([
  'live.started',
  'live.failed',
  'live.ended',
  'live.reconnecting',
  'live.degraded',
  'schedule.missed',
  'preflight.warning',
  'user.registered',
  'user.approved',
  'user.refused',
]);
export type NoticeKind = z.infer<typeof NoticeKind>;

export const Severity = z.enum(['info', 'warning', 'error']);
export type Severity = z.infer<typeof Severity>;

/** Pushed to clients; the desktop turns it into a native notification. */
export const Notification = z.object({
  kind: NoticeKind,
  liveId: z.string().optional(),
  userId: z.string().optional(),
  title: z.string(),
  body: z.string(),
  severity: Severity,
  /** ISO 8601, UTC. */
  at: z.string(),
  /**
   * Whether the person it is about wants it as a desktop notification (their preferences);
   * absent: yes. The app's own "notifications on this computer" switch applies on top.
   */
  desktop: z.boolean().optional(),
});
export type Notification = z.infer<typeof Notification>;

/** How one kind of notice reaches a person. */
export const NoticeChannels = z.object({ email: z.boolean(), desktop: z.boolean() }).strict();
export type NoticeChannels = z.infer<typeof NoticeChannels>;

/**
 * One account's choices, for every kind of notice. The defaults are the mail rules of
 * docs/accounts-and-notifications.md (starts, failures, missed starts, registrations and approvals are mailed)
 * and every kind but a normal end on the desktop.
 */
export const NoticePreferences = z.object({ events: z.record(NoticeKind, NoticeChannels) });
export type NoticePreferences = z.infer<typeof NoticePreferences>;

const MAILED_BY_DEFAULT: ReadonlySet<NoticeKind> = new Set([
  'live.started',
  'live.failed',
  'schedule.missed',
  'user.registered',
  'user.approved',
  'user.refused',
]);

export function defaultNoticePreferences(): NoticePreferences {
  const events = Object.fromEntries(
    NoticeKind.options.map((kind) => [kind, { email: MAILED_BY_DEFAULT.has(kind), desktop: kind !== 'live.ended' }]),
  ) as Record<NoticeKind, NoticeChannels>;
  return { events };
}

export const SmtpSecurity = z.enum(['tls', 'starttls', 'none']);
export type SmtpSecurity = z.infer<typeof SmtpSecurity>;

/** SMTP settings as shown: the password is never returned, only whether one is stored. */
export const SmtpSettings = z.object({
  host: z.string(),
  port: z.number().int(),
  /** `tls`: TLS from the first byte (465). `starttls`: upgrade required (587). `none`: loopback relays only. */
  security: SmtpSecurity,
  user: z.string().nullable(),
  from: z.string(),
  /** `••••••••` when a password is stored, null otherwise. */
  password: z.string().nullable(),
  /** Where the single-owner (desktop) engine mails its owner; ignored by shared engines. */
  notifyTo: z.string().nullable(),
  language: Language,
});
export type SmtpSettings = z.infer<typeof SmtpSettings>;

const ADDRESS = String.raw`[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+`;
/** `alerts@example.com` or `LiveManager <alerts@example.com>`; never a line break (header injection). */
export const MailFrom = z
  .string()
  .trim()
  .max(320)
  .regex(
    new RegExp(`^(?:[^<>@\r\n]*<${ADDRESS}>|${ADDRESS})$`),
    'Use an address, or a name and an address: LiveManager <alerts@example.com>.',
  );

export const SmtpSettingsInput = z
  .object({
    host: z.string().trim().min(1).max(253),
    port: z.number().int().min(1).max(65535),
    security: SmtpSecurity,
    user: z.string().max(256).nullable().default(null),
    from: MailFrom,
    /** Omitted: keep the stored password. null: forget it. A string: replace it. */
    password: z.string().max(1024).nullable().optional(),
    notifyTo: Email.nullable().default(null),
    language: Language.default('en'),
  })
  .strict();

export const MailStatus = z.object({
  configured: z.boolean(),
  /** `retrying`: the last attempt failed and the queue waits for its next try. */
  state: z.enum(['disabled', 'idle', 'sending', 'retrying']),
  queued: z.number().int(),
  /** Mails given up after every retry, or dropped because the queue was full. */
  dropped: z.number().int(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  lastDeliveredAt: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
});
export type MailStatus = z.infer<typeof MailStatus>;

const NoInput = z.object({}).strict().optional();

export const notificationsMethods = {
  'notifications.getSmtp': method({
    summary: 'The SMTP settings used for e-mail notifications (password masked).',
    input: NoInput,
    output: z.object({ smtp: SmtpSettings.nullable() }),
  }),
  'notifications.setSmtp': method({
    summary: 'Save SMTP settings; the password goes to the secret store and is never shown again.',
    input: SmtpSettingsInput,
    output: SmtpSettings,
  }),
  'notifications.sendTestEmail': method({
    summary: 'Send a test e-mail now and report the SMTP server answer.',
    input: z.object({ to: Email }).strict(),
    output: z.object({ accepted: z.array(z.string()), response: z.string() }),
  }),
  'notifications.status': method({
    summary: 'E-mail delivery health: queue length, last error, next retry.',
    input: NoInput,
    output: MailStatus,
  }),
  'notifications.getPreferences': method({
    summary: 'Which notices reach you, by e-mail and on the desktop.',
    input: NoInput,
    output: NoticePreferences,
  }),
  'notifications.setPreferences': method({
    summary: 'Change how some kinds of notice reach you; the kinds left out keep their setting.',
    input: z.object({ events: z.partialRecord(NoticeKind, NoticeChannels) }).strict(),
    output: NoticePreferences,
  }),
};

export const notificationsEvents = {
  notification: event({ summary: 'Something a streamer should know about now.', payload: Notification }),
  'notifications.status': event({ summary: 'E-mail delivery health changed.', payload: MailStatus }),
};
