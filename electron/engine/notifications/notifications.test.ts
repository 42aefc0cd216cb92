import { describe, expect, it } from 'vitest';
import type { Session, User } from '@shared/contract/accounts';
import type { Live } from '@shared/contract/lives';
import type { Notification } from '@shared/contract/notifications';
import { freePort } from '../../../tests/support/smtp';
import { rpcErrorOf } from '../../../tests/support/engine/test-engine';
import { SMTP_PASSWORD_SECRET } from './smtp-settings';
import {
  PASSWORD,
  RELAY,
  liveFields,
  harness,
  smtp,
  smtpSettings,
  mailTo,
} from '../../../tests/support/engine/notifications-kit';
import { waitFor } from '../../../tests/support/wait-for';

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

    const alice = await signUp('alice@example.com', 'fr'); // → root (fr), alice (fr): received
    const bob = await signUp('bob@example.com', 'en'); // → root (fr), bob (en): received
    await t.call('users.approve', { userId: alice.id }, root); // → alice (fr)
    await t.call('users.approve', { userId: bob.id }, root); // → bob (en)
    await t.call('users.setAdmin', { userId: bob.id, isAdmin: true }, root);
    await signUp('carol@example.com', 'en'); // → root (fr), bob (en), carol (en): received
    // Bob's registration reaches him once, as the registrant (he may be an admin by then).
    await server.waitFor(9);

    const asAlice = { sessionToken: await signIn('alice@example.com') };
    const asBob = { sessionToken: await signIn('bob@example.com') };
    const concert = (await t.call('lives.create', liveFields('Concert du soir'), asAlice)) as Live;
    await t.call('lives.start', { liveId: concert.id }, asAlice); // → alice (fr owner), root (fr admin), bob (en admin)
    runtime.fail(concert.id, 'The platform refused the stream key.'); // → alice (fr)
    const show = (await t.call('lives.create', liveFields('Morning show'), asBob)) as Live;
    await t.call('lives.start', { liveId: show.id }, asBob); // → bob (en owner, once), root (fr admin)
    runtime.fail(show.id, 'The source file is missing.'); // → bob (en)
    await server.waitFor(16);
    await waitFor(() => (t.engine.db.prepare('SELECT COUNT(*) AS n FROM mail_outbox').get() as { n: number }).n === 0, {
      what: 'the outbox drained',
    });
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
    expect(mails).toHaveLength(16);
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
    const notice = await waitFor(
      () => seen.find((e) => e.event === 'notification' && (e.payload as Notification).kind === 'live.reconnecting'),
      { what: 'a live.reconnecting notification' },
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
});
