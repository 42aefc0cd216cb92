import { describe, expect, it } from 'vitest';
import type { EngineNotice } from './notice-bus';
import { recipientsOf, type Directory } from './recipients';
import { ReconnectWatch } from './reconnect-watch';
import { renderNotice } from './templates';
import type { Live } from '@shared/contract/lives';

const live = { liveId: 'L1', ownerId: 'u-owner', title: 'Concert' } as const;
const NOTICES: EngineNotice[] = [
  { ...live, kind: 'live.started' },
  { ...live, kind: 'live.ended' },
  { ...live, kind: 'live.failed', reason: 'The platform refused the stream key.' },
  { ...live, kind: 'live.reconnecting', count: 4, windowMinutes: 10 },
  { ...live, kind: 'schedule.missed', dueAt: '2026-03-29T18:00:00.000Z' },
  { ...live, kind: 'preflight.warning', problems: ['a.rtmp.youtube.com does not resolve.'] },
  { kind: 'user.registered', userId: 'u-new', email: 'new@example.com' },
  { kind: 'user.approved', userId: 'u-new', email: 'new@example.com' },
  { ...live, kind: 'live.degraded', speed: 0.48 },
];

describe('notice templates', () => {
  it.each(NOTICES)('$kind reads differently in French and English, and names what it is about', (notice) => {
    for (const audience of ['owner', 'admin'] as const) {
      const en = renderNotice(notice, 'en', audience, 'owner@example.com');
      const fr = renderNotice(notice, 'fr', audience, 'owner@example.com');
      expect(en.subject).not.toBe(fr.subject);
      expect(en.text).not.toBe(fr.text);
      const about = 'title' in notice ? notice.title : notice.email;
      for (const text of [en.subject + en.text, fr.subject + fr.text]) expect(text).toContain(about);
      if (notice.kind === 'live.failed') for (const text of [en.text, fr.text]) expect(text).toContain(notice.reason);
      if (notice.kind === 'preflight.warning') expect(fr.text).toContain('does not resolve');
    }
  });

  it('writes dates for people, in UTC', () => {
    const notice = NOTICES[4] as EngineNotice;
    expect(renderNotice(notice, 'en', 'owner').text).toContain('29 March 2026 at 18:00 UTC');
    expect(renderNotice(notice, 'fr', 'owner').text).toContain('29 mars 2026 à 18:00 UTC');
  });
});

describe('who is mailed', () => {
  const directory: Directory = {
    person: (id) =>
      id === 'u-owner'
        ? { userId: id, email: 'owner@example.com', language: 'fr' }
        : id === 'u-new'
          ? { userId: id, email: 'new@example.com', language: 'en' }
          : null,
    admins: () => [
      { userId: 'u-root', email: 'root@example.com', language: 'en' },
      { userId: 'u-owner', email: 'owner@example.com', language: 'fr' },
    ],
  };
  const to = (notice: EngineNotice): string[] => recipientsOf(notice, directory).map((r) => `${r.person.email}:${r.audience}`);

  it('follows the rules: admins for starts and registrations, owners for start, failure, missed start, approval', () => {
    expect(to(NOTICES[0] as EngineNotice)).toEqual(['owner@example.com:owner', 'root@example.com:admin']);
    expect(to(NOTICES[2] as EngineNotice)).toEqual(['owner@example.com:owner']);
    expect(to(NOTICES[4] as EngineNotice)).toEqual(['owner@example.com:owner']);
    // The registrant gets its own copy ("your registration was received"); the admins theirs.
    expect(to(NOTICES[6] as EngineNotice)).toEqual([
      'new@example.com:owner',
      'root@example.com:admin',
      'owner@example.com:admin',
    ]);
    expect(to(NOTICES[7] as EngineNotice)).toEqual(['new@example.com:owner']);
    for (const i of [1, 3, 5]) expect(to(NOTICES[i] as EngineNotice)).toEqual([]);
  });

  it('follows each account’s preferences: an owner may ask for ends, an admin may turn starts off', () => {
    const wants = (userId: string, kind: string): boolean =>
      userId === 'u-owner' ? ['live.ended', 'live.started'].includes(kind) : kind !== 'live.started';
    const mailed = (notice: EngineNotice): string[] => recipientsOf(notice, directory, wants).map((r) => r.person.email);
    expect(mailed(NOTICES[0] as EngineNotice)).toEqual(['owner@example.com']);
    expect(mailed(NOTICES[1] as EngineNotice)).toEqual(['owner@example.com']);
    expect(mailed(NOTICES[2] as EngineNotice)).toEqual([]);
    expect(mailed(NOTICES[6] as EngineNotice)).toEqual(['new@example.com', 'root@example.com']);
  });
});

describe('reconnecting too often', () => {
  it('raises one notice at the third drop within ten minutes, then stays quiet for the window', () => {
    const notices: EngineNotice[] = [];
    let now = 0;
    const watch = new ReconnectWatch(
      (n) => notices.push(n),
      () => now,
    );
    const base = { id: 'L1', ownerId: 'u', title: 'Radio', currentRunId: 'R1' } as unknown as Live;
    const drop = (): void => {
      watch.observe({ ...base, state: 'reconnecting' });
      watch.observe({ ...base, state: 'live' });
      now += 60_000;
    };
    drop();
    drop();
    expect(notices).toEqual([]);
    drop();
    expect(notices).toEqual([
      { kind: 'live.reconnecting', liveId: 'L1', ownerId: 'u', title: 'Radio', count: 3, windowMinutes: 10 },
    ]);
    drop();
    drop();
    expect(notices).toHaveLength(1);
    now += 20 * 60_000;
    drop();
    drop();
    expect(notices).toHaveLength(1);
    drop();
    expect(notices).toHaveLength(2);
  });
});
