import { describe, expect, it } from 'vitest';
import type { Session, User } from '@shared/contract/accounts';
import type { Live } from '@shared/contract/lives';
import type { NoticePreferences, Notification } from '@shared/contract/notifications';
import { rpcErrorOf } from '../../../tests/support/engine/test-engine';
import { PASSWORD, RELAY, harness, liveFields, smtp, smtpSettings } from '../../../tests/support/engine/notifications-kit';
import { waitFor } from '../../../tests/support/wait-for';

describe('notification preferences, per account', () => {
  it('are each account’s own, kept, and decide who is mailed and what goes to the desktop', async () => {
    const server = await smtp({ auth: RELAY });
    const { t, runtime, seen } = await harness('shared');
    const signUp = async (email: string): Promise<User> =>
      ((await t.call('auth.register', { email, password: PASSWORD })) as { user: User }).user;
    const signIn = async (email: string): Promise<{ sessionToken: string }> => ({
      sessionToken: ((await t.call('auth.login', { email, password: PASSWORD })) as Session).token,
    });
    await signUp('root@example.com');
    const root = await signIn('root@example.com');
    await t.call('notifications.setSmtp', smtpSettings(server.port), root);
    const alice = await signUp('alice@example.com'); // → root: registration; alice: received
    await t.call('users.approve', { userId: alice.id }, root); // → alice: approved
    await server.waitFor(3);
    const asAlice = await signIn('alice@example.com');

    const defaults = (await t.call('notifications.getPreferences', {}, asAlice)) as NoticePreferences;
    expect(defaults.events['live.started']).toEqual({ email: true, desktop: true });
    expect(defaults.events['live.ended']).toEqual({ email: false, desktop: false });
    // Alice wants to hear of ends by mail, not of starts; root no longer wants starts mailed.
    const saved = (await t.call(
      'notifications.setPreferences',
      { events: { 'live.ended': { email: true, desktop: true }, 'live.started': { email: false, desktop: false } } },
      asAlice,
    )) as NoticePreferences;
    expect(saved.events['live.failed']).toEqual({ email: true, desktop: true }); // left as it was
    await t.call('notifications.setPreferences', { events: { 'live.started': { email: false, desktop: true } } }, root);
    expect(((await t.call('notifications.getPreferences', {}, asAlice)) as NoticePreferences).events['live.ended'].email).toBe(
      true,
    );
    expect(((await t.call('notifications.getPreferences', {}, root)) as NoticePreferences).events['live.ended'].email).toBe(
      false,
    );

    const live = (await t.call('lives.create', liveFields('Evening show'), asAlice)) as Live;
    await t.call('lives.start', { liveId: live.id }, asAlice); // nobody mailed (both said no)
    await t.call('lives.stop', { liveId: live.id }, asAlice); // → alice: ended
    const ended = await server.waitFor(4);
    expect(ended.at(-1)).toMatchObject({ to: ['alice@example.com'] });
    expect(ended.at(-1)?.subject).toMatch(/Evening show/);
    await waitFor(() => seen.some((e) => e.event === 'notification'), { what: 'the started notification' });
    const started = seen
      .filter((e) => e.event === 'notification')
      .map((e) => e.payload as Notification)
      .find((n) => n.kind === 'live.started');
    expect(started?.desktop).toBe(false);
    // The outbox sends in order: a start mail would have come before the end's.
    expect(server.messages.map((m) => m.subject).filter((s) => s.startsWith('Live started'))).toEqual([]);
    expect(server.messages).toHaveLength(4);
    expect(runtime.runs.size).toBe(0);
  });

  it('refuses an unknown kind of notice and strangers', async () => {
    const { t } = await harness('shared');
    await t.call('auth.register', { email: 'root@example.com', password: PASSWORD });
    const root = {
      sessionToken: ((await t.call('auth.login', { email: 'root@example.com', password: PASSWORD })) as Session).token,
    };
    const bad = await rpcErrorOf(
      t.call('notifications.setPreferences', { events: { 'live.exploded': { email: true, desktop: true } } }, root),
    );
    expect(bad.code).toBe('INVALID_PARAMS');
    expect((await rpcErrorOf(t.call('notifications.getPreferences', {}))).code).toBe('UNAUTHENTICATED');
  });

  it('are the desktop owner’s on a single-owner engine', async () => {
    const { t } = await harness('single-owner');
    await t.call('notifications.setPreferences', { events: { 'schedule.missed': { email: true, desktop: false } } });
    const prefs = (await t.call('notifications.getPreferences', {})) as NoticePreferences;
    expect(prefs.events['schedule.missed']).toEqual({ email: true, desktop: false });
  });
});
