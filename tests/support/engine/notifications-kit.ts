import type { EngineMode } from '@shared/contract/accounts';
import { afterEach, expect } from 'vitest';
import type { Live } from '@shared/contract/lives';
import type { MailStatus } from '@shared/contract/notifications';
import { startTestSmtp, type CapturedMail, type TestSmtpServer } from '../smtp';
import { accountsModule } from '../../../electron/engine/accounts/accounts-module';
import type { LiveRuntime, LiveRuntimeHost } from '../../../electron/engine/lives/live-runtime';
import { livesModule } from '../../../electron/engine/lives/lives-module';
import { startTestEngine, type TestEngine } from './test-engine';
import { MemorySecretStore } from '../../../electron/engine/secrets/secret-store';
import { systemModule } from '../../../electron/engine/system/system-module';
import { notificationsModule, type NotificationsOptions } from '../../../electron/engine/notifications/notifications-module';

// Shared by the notification tests (delivery, and outbox resilience): an engine with accounts,
// notifications and lives on an instant runtime, a real SMTP server, and polling helpers.
export const PASSWORD = 'correct horse battery';
export const RELAY = { user: 'relay', pass: 'relay-secret-Pa55' };
export const FAST_RETRY = { baseMs: 150, maxMs: 2_000, maxAttempts: 50 };

/** Goes on air at once, like a passthrough live that connects instantly; tests fail it by hand. */
export class InstantRuntime implements LiveRuntime {
  host: LiveRuntimeHost | undefined;
  readonly runs = new Map<string, string>();
  start(live: Live, run: { id: string }): Promise<void> {
    this.runs.set(live.id, run.id);
    this.host?.journal.transition(run.id, 'starting');
    this.host?.journal.transition(run.id, 'live');
    return Promise.resolve();
  }
  fail(liveId: string, reason: string): void {
    const runId = this.runs.get(liveId);
    if (runId) this.host?.journal.transition(runId, 'failed', reason);
    this.runs.delete(liveId);
  }
  /** The platform connection drops and comes back. */
  flap(liveId: string): void {
    const runId = this.runs.get(liveId);
    if (!runId) return;
    this.host?.journal.transition(runId, 'reconnecting', 'The platform closed the connection.');
    this.host?.journal.transition(runId, 'live');
  }
  stop(liveId: string, reason: string): Promise<void> {
    const runId = this.runs.get(liveId);
    if (runId) this.host?.journal.transition(runId, 'ended', reason);
    this.runs.delete(liveId);
    return Promise.resolve();
  }
  isRunning = (liveId: string): boolean => this.runs.has(liveId);
  close = (): Promise<void> => Promise.resolve();
}

export const liveFields = (title: string) => ({
  title,
  source: { kind: 'testPattern' },
  destinations: [{ name: 'Preview', kind: 'hls-local' }],
});

export const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export interface Harness {
  t: TestEngine;
  runtime: InstantRuntime;
  secrets: MemorySecretStore;
  seen: { event: string; payload: unknown }[];
  statuses(): MailStatus[];
}

export async function harness(
  mode: EngineMode,
  options: NotificationsOptions = {},
  secrets = new MemorySecretStore(),
): Promise<Harness> {
  const runtime = new InstantRuntime();
  const lives = livesModule((host) => {
    runtime.host = host;
    return runtime;
  });
  const t = await startTestEngine({
    mode,
    secrets,
    modules: [systemModule(), accountsModule(), notificationsModule({ retry: FAST_RETRY, ...options }), lives],
  });
  cleanups.push(() => t.close());
  const seen: { event: string; payload: unknown }[] = [];
  t.engine.events.subscribe((event, payload) => seen.push({ event, payload }));
  const statuses = (): MailStatus[] => seen.filter((e) => e.event === 'notifications.status').map((e) => e.payload as MailStatus);
  return { t, runtime, secrets, seen, statuses };
}

export async function smtp(options: Parameters<typeof startTestSmtp>[0] = {}): Promise<TestSmtpServer> {
  const server = await startTestSmtp(options);
  cleanups.push(() => server.close());
  return server;
}

/** Poll a condition (events arrive on later turns); fails with `what` after the deadline. */

export const smtpSettings = (port: number, extra: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port,
  security: 'none',
  user: RELAY.user,
  password: RELAY.pass,
  from: 'LiveManager <alerts@example.com>',
  ...extra,
});

export function mailTo(mails: readonly CapturedMail[], to: string, subject: string): CapturedMail {
  const found = mails.filter((m) => m.to.includes(to) && m.subject === subject);
  expect(found, `one mail to ${to} titled ${subject}; got ${JSON.stringify(mails.map((m) => [m.to, m.subject]))}`).toHaveLength(
    1,
  );
  return found[0] as CapturedMail;
}
