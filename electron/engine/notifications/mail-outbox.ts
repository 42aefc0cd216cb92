import type { DatabaseSync } from 'node:sqlite';
import type { MailStatus } from '@shared/contract/notifications';
import type { SmtpSettingsStore } from './smtp-settings';
import { describeSmtpError, sendWithNodemailer, type MailSender, type OutgoingMail } from './smtp-transport';

export interface RetryPolicy {
  /** First retry after this long; each next one doubles, up to `maxMs`. */
  baseMs: number;
  maxMs: number;
  /** A mail is given up after this many failed attempts (counted in `dropped`). */
  maxAttempts: number;
}

/** About an hour of retries: 5 s, 10 s, 20 s … capped at 10 min, 12 attempts. */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 5_000, maxMs: 10 * 60_000, maxAttempts: 12 };
export const DEFAULT_MAX_QUEUED = 500;

export interface MailOutboxOptions {
  db: DatabaseSync;
  settings: SmtpSettingsStore;
  onStatus: (status: MailStatus) => void;
  log: (message: string, error?: unknown) => void;
  send?: MailSender;
  retry?: RetryPolicy;
  maxQueued?: number;
  /** Wall clock for retry timers (not the engine's injectable clock: these are real network waits). */
  clock?: () => number;
}

/**
 * A mail being sent is leased for this long (its next attempt pushed out), so two engines sharing
 * one database — the agent runs one per connection — never send the same row twice. Longer than
 * the SMTP client's connection + greeting + socket timeouts together.
 */
const SEND_LEASE_MS = 90_000;

interface OutboxRow {
  id: number;
  next_attempt_at: number;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * E-mail waiting to be delivered, persisted in the engine database so a restart loses nothing.
 * `enqueue` only writes a row and returns; delivery happens later on one timer, one mail at a time,
 * so a slow or dead SMTP server can never delay or fail the live that caused the mail. Failures
 * are retried with exponential backoff; the queue is bounded (oldest dropped first).
 */
export class MailOutbox {
  readonly #o: Required<Omit<MailOutboxOptions, 'send'>> & { send: MailSender };
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sending = false;
  #inflight: number | null = null;
  #closed = false;
  #state: MailStatus['state'] = 'idle';
  #dropped = 0;
  #lastError: string | null = null;
  #lastErrorAt: number | null = null;
  #lastDeliveredAt: number | null = null;

  constructor(options: MailOutboxOptions) {
    this.#o = {
      ...options,
      send: options.send ?? sendWithNodemailer,
      retry: options.retry ?? DEFAULT_RETRY,
      maxQueued: options.maxQueued ?? DEFAULT_MAX_QUEUED,
      clock: options.clock ?? Date.now,
    };
  }

  enqueue(mail: OutgoingMail): void {
    if (this.#closed) return;
    const { db, clock, maxQueued } = this.#o;
    db.prepare('INSERT INTO mail_outbox (recipient, subject, body, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?)').run(
      mail.to,
      mail.subject,
      mail.text,
      clock(),
      clock(),
    );
    const excess = this.queued() - maxQueued;
    if (excess > 0) {
      db.prepare('DELETE FROM mail_outbox WHERE id IN (SELECT id FROM mail_outbox ORDER BY id LIMIT ?)').run(excess);
      this.#dropped += excess;
    }
    this.#report();
    this.#arm(0);
  }

  /** Deliver what is due now (settings changed, engine started). */
  wake(): void {
    this.#arm(0);
  }

  queued(): number {
    return (this.#o.db.prepare('SELECT COUNT(*) AS n FROM mail_outbox').get() as { n: number }).n;
  }

  status(): MailStatus {
    const configured = this.#o.settings.view() !== null;
    const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
    const next = this.#o.db.prepare('SELECT MIN(next_attempt_at) AS at FROM mail_outbox WHERE attempts > 0').get() as {
      at: number | null;
    };
    return {
      configured,
      state: configured ? this.#state : 'disabled',
      queued: this.queued(),
      dropped: this.#dropped,
      lastError: this.#lastError,
      lastErrorAt: iso(this.#lastErrorAt),
      lastDeliveredAt: iso(this.#lastDeliveredAt),
      nextRetryAt: this.#state === 'retrying' ? iso(next.at) : null,
    };
  }

  /** Stop sending. A mail caught mid-send is released for the next start (at-least-once). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    if (this.#inflight === null) return;
    try {
      this.#o.db.prepare('UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ?').run(this.#o.clock(), this.#inflight);
    } catch (error) {
      this.#o.log('could not release the mail being sent', error);
    }
  }

  #arm(delayMs: number): void {
    if (this.#closed || this.#sending) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#flush(), Math.max(0, delayMs));
    this.#timer.unref?.();
  }

  async #flush(): Promise<void> {
    if (this.#closed || this.#sending) return;
    this.#sending = true;
    try {
      for (;;) {
        const connection = await this.#o.settings.connection();
        if (this.#closed) return;
        if (!connection) return; // kept until SMTP is configured
        const row = this.#o.db
          .prepare(
            'SELECT id, recipient, subject, body, attempts, next_attempt_at FROM mail_outbox WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1',
          )
          .get(this.#o.clock()) as OutboxRow | undefined;
        if (!row) break;
        const lease = this.#o.db
          .prepare('UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ? AND next_attempt_at = ?')
          .run(this.#o.clock() + SEND_LEASE_MS, row.id, row.next_attempt_at);
        if (lease.changes !== 1) continue; // another engine on this database took it
        this.#inflight = row.id;
        this.#setState('sending');
        try {
          await this.#o.send(connection, { to: row.recipient, subject: row.subject, text: row.body });
          if (this.#closed) return; // released by close(); sent again at the next start
          this.#o.db.prepare('DELETE FROM mail_outbox WHERE id = ?').run(row.id);
          this.#lastDeliveredAt = this.#o.clock();
          this.#setState('idle');
        } catch (error) {
          if (this.#closed) return;
          this.#failed(row, describeSmtpError(error, connection));
        }
      }
    } catch (error) {
      this.#o.log('the mail outbox failed', error);
    } finally {
      this.#sending = false;
      this.#inflight = null;
    }
    if (this.#closed) return;
    const next = this.#o.db.prepare('SELECT MIN(next_attempt_at) AS at FROM mail_outbox').get() as { at: number | null };
    if (next.at !== null) this.#arm(next.at - this.#o.clock());
    this.#report();
  }

  #failed(row: OutboxRow, message: string): void {
    const { db, retry, clock } = this.#o;
    const attempts = row.attempts + 1;
    this.#lastError = message;
    this.#lastErrorAt = clock();
    if (attempts >= retry.maxAttempts) {
      db.prepare('DELETE FROM mail_outbox WHERE id = ?').run(row.id);
      this.#dropped++;
      this.#o.log(`gave up mailing after ${attempts} attempts: ${message}`);
    } else {
      const delay = Math.min(retry.maxMs, retry.baseMs * 2 ** (attempts - 1));
      db.prepare('UPDATE mail_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?').run(
        attempts,
        clock() + delay,
        message,
        row.id,
      );
    }
    this.#setState('retrying', true);
  }

  #setState(state: MailStatus['state'], force = false): void {
    if (this.#state === state && !force) return;
    this.#state = state;
    this.#report();
  }

  #report(): void {
    if (this.#closed) return;
    try {
      this.#o.onStatus(this.status());
    } catch (error) {
      this.#o.log('reporting the mail status failed', error);
    }
  }
}
