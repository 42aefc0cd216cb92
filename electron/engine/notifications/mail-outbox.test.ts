import { createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Live } from '@shared/contract/lives';
import type { MailStatus } from '@shared/contract/notifications';
import { freePort } from '../../../tests/support/smtp';
import { accountsModule } from '../accounts/accounts-module';
import { livesModule } from '../lives/lives-module';
import { MemorySecretStore } from '../secrets/secret-store';
import { systemModule } from '../system/system-module';
import { notificationsModule } from './notifications-module';
import { sendWithNodemailer, type MailSender } from './smtp-transport';
import {
  RELAY,
  FAST_RETRY,
  InstantRuntime,
  liveFields,
  cleanups,
  harness,
  smtp,
  smtpSettings,
} from '../../../tests/support/engine/notifications-kit';
import { waitFor } from '../../../tests/support/wait-for';

describe('mail outbox: SMTP failures never touch a live', () => {
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

    await waitFor(() => attempts.length >= 4, { what: 'four failed attempts' });
    const retrying = await waitFor(() => statuses().find((s) => s.state === 'retrying' && s.queued === 1), {
      what: 'a retrying status',
    });
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
    const delivered = await waitFor(() => statuses().find((s) => s.state === 'idle' && s.queued === 0 && s.lastDeliveredAt), {
      what: 'an idle status',
    });
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
    await waitFor(() => sockets.length > 0 && statuses().some((s) => s.state === 'sending'), {
      what: 'the mail client connected to the hanging server',
    });
    expect(await t.call('notifications.status', {})).toMatchObject({ state: 'sending', queued: 3 });
  });

  it('keeps queued mail across an engine restart (persisted outbox)', async () => {
    const port = await freePort();
    const secrets = new MemorySecretStore();
    const first = await harness('single-owner', {}, secrets);
    await first.t.call('notifications.setSmtp', smtpSettings(port, { notifyTo: 'me@example.com' }));
    const live = (await first.t.call('lives.create', liveFields('Replay'))) as Live;
    await first.t.call('lives.start', { liveId: live.id });
    await waitFor(() => first.statuses().find((s) => s.state === 'retrying'), { what: 'the mail queued and failing' });
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
    await waitFor(() => first.statuses().some((s) => s.queued === 5), { what: 'five mails queued' });
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
    await waitFor(() => outbox() === 0, { what: 'the shared outbox drained' });
    await waitFor(() => first.statuses().at(-1)?.state !== 'sending', { what: 'both engines idle' });
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
    const final = await waitFor(
      () => {
        const rows = t.engine.db.prepare('SELECT subject FROM mail_outbox ORDER BY id').all() as { subject: string }[];
        return rows.length === 2 && rows.at(-1)?.subject.includes('"D"') ? rows : undefined;
      },
      { what: 'the queue at its bound' },
    );
    expect(final.map((r) => r.subject)).toEqual(['Your live "C" is on air', 'Your live "D" is on air']);
    expect(await t.call('notifications.status', {})).toMatchObject({ queued: 2, dropped: 2 });
  });
});
