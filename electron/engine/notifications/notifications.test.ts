import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session, User } from '@shared/contract/accounts';
import type { Live } from '@shared/contract/lives';
import type { MailStatus, Notification } from '@shared/contract/notifications';
import { freePort, startTestSmtp, type CapturedMail, type TestSmtpServer } from '../../../tests/support/smtp';
import { accountsModule } from '../accounts/accounts-module';
import type { LiveRuntime, LiveRuntimeHost } from '../lives/live-runtime';
import { livesModule } from '../lives/lives-module';
import { MemorySecretStore } from '../secrets/secret-store';
import { systemModule } from '../system/system-module';
import { rpcErrorOf, startTestEngine, type TestEngine } from '../policy/test-engine';
import { notificationsModule, type NotificationsOptions } from './notifications-module';
import { SMTP_PASSWORD_SECRET } from './smtp-settings';
import { sendWithNodemailer, type MailSender } from './smtp-transport';

const PASSWORD = 'correct horse battery';
const RELAY = { user: 'relay', pass: 'relay-secret-Pa55' };
const FAST_RETRY = { baseMs: 150, maxMs: 2_000, maxAttempts: 50 };

/** Goes on air at once, like a passthrough live that connects instantly; tests fail it by hand. */
class InstantRuntime implements LiveRuntime {
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
  previewBaseUrl = (): null => null;
  close = (): Promise<void> => Promise.resolve();
}

const liveFields = (title: string) => ({
  title,
  source: { kind: 'testPattern' },
  destinations: [{ name: 'Preview', kind: 'hls-local' }],
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Harness {
  t: TestEngine;
  runtime: InstantRuntime;
  secrets: MemorySecretStore;
  seen: { event: string; payload: unknown }[];
  statuses(): MailStatus[];
}

async function harness(
  mode: 'single-owner' | 'shared',
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

async function smtp(options: Parameters<typeof startTestSmtp>[0] = {}): Promise<TestSmtpServer> {
  const server = await startTestSmtp(options);
  cleanups.push(() => server.close());
  return server;
}

/** Poll a condition (events arrive on later turns); fails with `what` after the deadline. */
async function until<T>(what: string, read: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const smtpSettings = (port: number, extra: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port,
  security: 'none',
  user: RELAY.user,
  password: RELAY.pass,
  from: 'LiveManager <alerts@example.com>',
  ...extra,
});

function mailTo(mails: readonly CapturedMail[], to: string, subject: string): CapturedMail {
  const found = mails.filter((m) => m.to.includes(to) && m.subject === subject);
  expect(found, `one mail to ${to} titled ${subject}; got ${JSON.stringify(mails.map((m) => [m.to, m.subject]))}`).toHaveLength(
    1,
  );
  return found[0] as CapturedMail;
}

describe('notifications over a real SMTP server', () => {
  it('mails admins and owners for each event, in each recipient’s language', async () => {
    const server = await smtp({ auth: RELAY });
    const { t, runtime, seen } = await harness('shared');
    const signUp = async (email: string, language: 'fr' | 'en'): Promise<User> =>
      ((await t.call('auth.register', { email, password: PASSWORD, language })) as { user: User }).user;
    const signIn = async (email: string): Promise<string> =>
      ((await t.call('auth.login', { email, password: PASSWORD })) as Session).token;

    await signUp('root@example.com', 'fr');
    const root = { sessionToken: await signIn('root@example.com') };
    await t.call('notifications.setSmtp', smtpSettings(server.port), root);

    const alice = await signUp('alice@example.com', 'fr'); // → root (fr)
    const bob = await signUp('bob@example.com', 'en'); // → root (fr)
    await t.call('users.approve', { userId: alice.id }, root); // → alice (fr)
    await t.call('users.approve', { userId: bob.id }, root); // → bob (en)
    await t.call('users.setAdmin', { userId: bob.id, isAdmin: true }, root);
    await signUp('carol@example.com', 'en'); // → root (fr), bob (en)
    await server.waitFor(7);

    const asAlice = { sessionToken: await signIn('alice@example.com') };
    const asBob = { sessionToken: await signIn('bob@example.com') };
    const concert = (await t.call('lives.create', liveFields('Concert du soir'), asAlice)) as Live;
    await t.call('lives.start', { liveId: concert.id }, asAlice); // → alice (fr owner), root (fr admin), bob (en admin)
    runtime.fail(concert.id, 'The platform refused the stream key.'); // → alice (fr)
    const show = (await t.call('lives.create', liveFields('Morning show'), asBob)) as Live;
    await t.call('lives.start', { liveId: show.id }, asBob); // → bob (en owner, once), root (fr admin)
    runtime.fail(show.id, 'The source file is missing.'); // → bob (en)
    await server.waitFor(14);
    await until(
      'the outbox drained',
      () => (t.engine.db.prepare('SELECT COUNT(*) AS n FROM mail_outbox').get() as { n: number }).n === 0,
    );
    const mails = server.messages;

    expect(mailTo(mails, 'root@example.com', "Nouveau compte en attente d'approbation : alice@example.com").text).toContain(
      "alice@example.com s'est inscrit sur LiveManager",
    );
    mailTo(mails, 'root@example.com', "Nouveau compte en attente d'approbation : bob@example.com");
    mailTo(mails, 'root@example.com', "Nouveau compte en attente d'approbation : carol@example.com");
    expect(mailTo(mails, 'bob@example.com', 'New account waiting for approval: carol@example.com').text).toContain(
      'carol@example.com registered on LiveManager. Approve or revoke the account',
    );
    expect(mailTo(mails, 'alice@example.com', 'Votre compte LiveManager est approuvé').text).toContain(
      'approuvé votre compte (alice@example.com)',
    );
    expect(mailTo(mails, 'bob@example.com', 'Your LiveManager account is approved').text).toContain(
      'You can now create and run lives.',
    );

    expect(mailTo(mails, 'alice@example.com', "Votre live « Concert du soir » est à l'antenne").text).toContain('a démarré');
    expect(mailTo(mails, 'root@example.com', 'Live démarré : « Concert du soir »').text).toContain(
      "de alice@example.com est à l'antenne",
    );
    expect(mailTo(mails, 'bob@example.com', 'Live started: "Concert du soir"').text).toBe(
      'The live "Concert du soir" by alice@example.com is on air.\n\n— LiveManager',
    );
    expect(mailTo(mails, 'alice@example.com', 'Votre live « Concert du soir » a échoué').text).toContain(
      "s'est arrêté sur une erreur :\n\nThe platform refused the stream key.",
    );
    expect(mailTo(mails, 'bob@example.com', 'Your live "Morning show" is on air').text).toContain('has started');
    mailTo(mails, 'root@example.com', 'Live démarré : « Morning show »');
    expect(mailTo(mails, 'bob@example.com', 'Your live "Morning show" failed').text).toContain(
      'stopped with an error:\n\nThe source file is missing.',
    );
    expect(mails).toHaveLength(14);
    expect(mails.every((m) => m.from === 'alerts@example.com')).toBe(true);
    expect(server.logins.every((l) => l.ok)).toBe(true);

    // Only owners hear about failures: no admin copy.
    expect(mails.filter((m) => m.subject.includes('échoué') || m.subject.includes('failed')).map((m) => m.to)).toEqual([
      ['alice@example.com'],
      ['bob@example.com'],
    ]);
    const failed = seen.find((e) => e.event === 'notification' && (e.payload as Notification).kind === 'live.failed');
    expect(failed?.payload).toMatchObject({
      liveId: concert.id,
      userId: alice.id,
      severity: 'error',
      title: 'Votre live « Concert du soir » a échoué',
    });
  });

  it('keeps the SMTP password write-only: masked when read, stored only in the secret store', async () => {
    const server = await smtp({ auth: RELAY });
    const { t, secrets, seen } = await harness('single-owner');
    const saved = await t.call('notifications.setSmtp', smtpSettings(server.port, { notifyTo: 'me@example.com' }));
    expect(saved).toMatchObject({ password: '••••••••', user: 'relay' });
    expect(await secrets.get(SMTP_PASSWORD_SECRET)).toBe(RELAY.pass);
    // Omitted: kept. The test mail authenticates with it.
    await t.call('notifications.setSmtp', smtpSettings(server.port, { password: undefined, language: 'fr' }));
    const sent = (await t.call('notifications.sendTestEmail', { to: 'me@example.com' })) as { accepted: string[] };
    expect(sent.accepted).toEqual(['me@example.com']);
    const [mail] = await server.waitFor(1);
    expect(mail?.subject).toBe('E-mail de test LiveManager');
    const rows = JSON.stringify(t.engine.db.prepare('SELECT * FROM smtp_settings').all());
    expect(rows).not.toContain(RELAY.pass);
    expect(JSON.stringify(seen)).not.toContain(RELAY.pass);
    expect(await t.call('notifications.getSmtp', {})).toMatchObject({ smtp: { password: '••••••••' } });
    await t.call('notifications.setSmtp', smtpSettings(server.port, { password: null }));
    expect(await t.call('notifications.getSmtp', {})).toMatchObject({ smtp: { password: null } });
    expect(await secrets.get(SMTP_PASSWORD_SECRET)).toBeNull();
  });

  it('refuses to send in clear text when STARTTLS is required but the server does not offer it', async () => {
    const server = await smtp({ auth: RELAY });
    const { t } = await harness('single-owner');
    await t.call('notifications.setSmtp', smtpSettings(server.port, { security: 'starttls' }));
    const error = await rpcErrorOf(t.call('notifications.sendTestEmail', { to: 'me@example.com' }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/STARTTLS/i);
    expect(server.logins).toEqual([]);
    expect(server.messages).toEqual([]);
  });

  it('tells the owner, in the app, when a live keeps reconnecting', async () => {
    const { t, runtime, seen } = await harness('single-owner');
    const live = (await t.call('lives.create', liveFields('Flaky'))) as Live;
    await t.call('lives.start', { liveId: live.id });
    for (let i = 0; i < 3; i++) runtime.flap(live.id);
    const notice = await until('a live.reconnecting notification', () =>
      seen.find((e) => e.event === 'notification' && (e.payload as Notification).kind === 'live.reconnecting'),
    );
    expect(notice.payload).toMatchObject({
      liveId: live.id,
      severity: 'warning',
      title: 'Your live "Flaky" keeps reconnecting',
      body: expect.stringContaining('reconnected 3 times in 10 minutes'),
    });
  });

  it('reports a failing test e-mail as UNAVAILABLE with the reason, never the password', async () => {
    const port = await freePort();
    const { t } = await harness('single-owner');
    expect((await rpcErrorOf(t.call('notifications.sendTestEmail', { to: 'me@example.com' }))).code).toBe('INVALID_STATE');
    await t.call('notifications.setSmtp', smtpSettings(port));
    const error = await rpcErrorOf(t.call('notifications.sendTestEmail', { to: 'me@example.com' }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toContain(RELAY.pass);
  });

  it('retries with backoff while SMTP is down, reports it, and delivers once it is back; the live starts regardless', async () => {
    const port = await freePort();
    const attempts: number[] = [];
    const counting: MailSender = (connection, mail) => {
      attempts.push(Date.now());
      return sendWithNodemailer(connection, mail);
    };
    const { t, statuses } = await harness('single-owner', { send: counting });
    await t.call('notifications.setSmtp', smtpSettings(port, { notifyTo: 'me@example.com', language: 'en' }));
    const live = (await t.call('lives.create', liveFields('Night radio'))) as Live;

    const started = (await t.call('lives.start', { liveId: live.id })) as Live;
    expect(['starting', 'live']).toContain(started.state);
    expect(((await t.call('lives.get', { liveId: live.id })) as Live).state).toBe('live');

    await until('four failed attempts', () => attempts.length >= 4);
    const retrying = await until('a retrying status', () => statuses().find((s) => s.state === 'retrying' && s.queued === 1));
    expect(retrying.lastError).toMatch(/ECONNREFUSED/);
    expect(retrying.nextRetryAt).not.toBeNull();
    const now = (await t.call('notifications.status', {})) as MailStatus;
    expect(now).toMatchObject({ configured: true, queued: 1 });
    expect(['retrying', 'sending']).toContain(now.state);
    // Exponential: each wait at least the base doubled (timers can only be late, never early).
    const gaps = attempts.slice(1, 4).map((at, i) => at - (attempts[i] as number));
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(FAST_RETRY.baseMs * 2 ** i - 5));

    const server = await smtp({ port, auth: RELAY });
    const [mail] = await server.waitFor(1);
    expect(mail).toMatchObject({ to: ['me@example.com'], subject: 'Your live "Night radio" is on air' });
    const delivered = await until('an idle status', () =>
      statuses().find((s) => s.state === 'idle' && s.queued === 0 && s.lastDeliveredAt),
    );
    expect(delivered.lastError).toMatch(/ECONNREFUSED/);
  });

  it('never delays a live, even when the SMTP server accepts connections and then hangs', async () => {
    const sockets: Socket[] = [];
    const blackHole: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    });
    const port = (blackHole.address() as { port: number }).port;
    const { t, statuses } = await harness('single-owner');
    await t.call('notifications.setSmtp', smtpSettings(port, { notifyTo: 'me@example.com' }));
    for (const title of ['One', 'Two', 'Three']) {
      const live = (await t.call('lives.create', liveFields(title))) as Live;
      const begun = performance.now();
      await t.call('lives.start', { liveId: live.id });
      expect(performance.now() - begun).toBeLessThan(2_000);
      expect(((await t.call('lives.get', { liveId: live.id })) as Live).state).toBe('live');
    }
    await until(
      'the mail client connected to the hanging server',
      () => sockets.length > 0 && statuses().some((s) => s.state === 'sending'),
    );
    expect(await t.call('notifications.status', {})).toMatchObject({ state: 'sending', queued: 3 });
  });

  it('keeps queued mail across an engine restart (persisted outbox)', async () => {
    const port = await freePort();
    const secrets = new MemorySecretStore();
    const first = await harness('single-owner', {}, secrets);
    await first.t.call('notifications.setSmtp', smtpSettings(port, { notifyTo: 'me@example.com' }));
    const live = (await first.t.call('lives.create', liveFields('Replay'))) as Live;
    await first.t.call('lives.start', { liveId: live.id });
    await until('the mail queued and failing', () => first.statuses().find((s) => s.state === 'retrying'));
    await first.t.engine.close();

    const server = await smtp({ port, auth: RELAY });
    const runtime = new InstantRuntime();
    const { createEngine } = await import('../engine');
    const again = await createEngine({
      appVersion: 'test',
      dataDir: first.t.dataDir,
      secrets,
      mode: 'single-owner',
      modules: [systemModule(), accountsModule(), notificationsModule({ retry: FAST_RETRY }), livesModule(() => runtime)],
    });
    cleanups.push(() => again.close());
    const [mail] = await server.waitFor(1);
    expect(mail?.subject).toBe('Your live "Replay" is on air');
  });

  it('sends each queued mail once even when two engines share the database (as agent connections do)', async () => {
    const port = await freePort();
    const secrets = new MemorySecretStore();
    const first = await harness('single-owner', {}, secrets);
    await first.t.call('notifications.setSmtp', smtpSettings(port, { notifyTo: 'me@example.com' }));
    for (const title of ['One', 'Two', 'Three', 'Four', 'Five']) {
      const live = (await first.t.call('lives.create', liveFields(title))) as Live;
      await first.t.call('lives.start', { liveId: live.id });
    }
    await until('five mails queued', () => first.statuses().some((s) => s.queued === 5));
    const { createEngine } = await import('../engine');
    const second = await createEngine({
      appVersion: 'test',
      dataDir: first.t.dataDir,
      secrets,
      mode: 'single-owner',
      modules: [
        systemModule(),
        accountsModule(),
        notificationsModule({ retry: FAST_RETRY }),
        livesModule(() => new InstantRuntime()),
      ],
    });
    cleanups.push(() => second.close());
    const server = await smtp({ port, auth: RELAY });
    await server.waitFor(5);
    const outbox = (): number => (first.t.engine.db.prepare('SELECT COUNT(*) AS n FROM mail_outbox').get() as { n: number }).n;
    await until('the shared outbox drained', () => outbox() === 0);
    await until('both engines idle', () => first.statuses().at(-1)?.state !== 'sending');
    expect(server.messages.map((m) => m.subject).sort()).toEqual(
      ['Five', 'Four', 'One', 'Three', 'Two'].map((t) => `Your live "${t}" is on air`),
    );
  });

  it('bounds the queue: the oldest mail is dropped first and counted', async () => {
    const { t } = await harness('single-owner', { maxQueued: 2 });
    await t.call('notifications.setSmtp', smtpSettings(await freePort(), { notifyTo: 'me@example.com' }));
    for (const title of ['A', 'B', 'C', 'D']) {
      const live = (await t.call('lives.create', liveFields(title))) as Live;
      await t.call('lives.start', { liveId: live.id });
    }
    const final = await until('the queue at its bound', () => {
      const rows = t.engine.db.prepare('SELECT subject FROM mail_outbox ORDER BY id').all() as { subject: string }[];
      return rows.length === 2 && rows.at(-1)?.subject.includes('"D"') ? rows : undefined;
    });
    expect(final.map((r) => r.subject)).toEqual(['Your live "C" is on air', 'Your live "D" is on air']);
    expect(await t.call('notifications.status', {})).toMatchObject({ queued: 2, dropped: 2 });
  });
});
