import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { wallClockToUtc } from '@shared/schedule/time-zone';
import type { EngineNotice } from '../notifications/notice-bus';
import { openDatabase } from '../storage/database';
import { FakeLives } from '../../../tests/support/engine/fake-lives';
import { ManualClock } from '../../../tests/support/engine/manual-clock';
import { ScheduleService } from './schedule-service';
import { ScheduleStore, scheduleMigrations } from './schedule-store';

const MIN = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const dirs: string[] = [];
const dbs: DatabaseSync[] = [];

afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openStore(dir?: string): { store: ScheduleStore; dir: string } {
  const dataDir = dir ?? mkdtempSync(path.join(tmpdir(), 'lm-schedule-'));
  if (!dir) dirs.push(dataDir);
  const db = openDatabase({ dataDir, migrations: scheduleMigrations });
  dbs.push(db);
  return { store: new ScheduleStore(db), dir: dataDir };
}

interface Harness {
  clock: ManualClock;
  lives: FakeLives;
  service: ScheduleService;
  store: ScheduleStore;
  dir: string;
  notices: EngineNotice[];
  preflights: { liveId: string; at: number }[];
}

function harness(options: {
  clock: ManualClock;
  lives?: FakeLives;
  limit?: number;
  dir?: string;
  problems?: string[];
  probeDurationMs?: number;
}): Harness {
  const { clock } = options;
  const lives = options.lives ?? new FakeLives(clock.now, options.limit);
  const { store, dir } = openStore(options.dir);
  const notices: EngineNotice[] = [];
  const preflights: { liveId: string; at: number }[] = [];
  const service = new ScheduleService({
    control: lives,
    notices: { emit: (n) => notices.push(n) },
    store,
    now: clock.now,
    timers: clock,
    preflight: (live) => {
      preflights.push({ liveId: live.id, at: clock.now() });
      return Promise.resolve(options.problems ?? []);
    },
    probeDurationMs: () => Promise.resolve(options.probeDurationMs ?? null),
    log: () => undefined,
  });
  lives.onChange = (live) => service.liveChanged(live);
  return { clock, lives, service, store, dir, notices, preflights };
}

/** Let the chained start/stop promises run. */
async function flush(h: Harness): Promise<void> {
  for (let i = 0; i < 5; i++) await h.service.settled();
}

/** Move the clock to `target` one timer at a time, letting async jobs finish at each step. */
async function runUntil(h: Harness, target: number): Promise<void> {
  for (let next = h.clock.nextFireAt; next !== null && next <= target; next = h.clock.nextFireAt) {
    h.clock.advanceTo(next);
    await flush(h);
  }
  h.clock.advanceTo(target);
}

describe('scheduled starts', () => {
  it('starts a one-off live set for 10:00 Paris on the spring-forward Sunday at 08:00Z, pre-flight 60 s before', async () => {
    const start = Date.parse('2026-03-28T12:00:00Z');
    const h = harness({ clock: new ManualClock(start) });
    const at = wallClockToUtc({ year: 2026, month: 3, day: 29, hour: 10, minute: 0 }, 'Europe/Paris').utcMs;
    h.lives.add({ id: 'a', start: { kind: 'once', at: iso(at), timeZone: 'Europe/Paris' } });
    h.clock.advanceTo(at - 1);
    await flush(h);
    expect(h.lives.startCalls).toEqual([]);
    expect(h.preflights).toEqual([{ liveId: 'a', at: at - MIN }]);
    h.clock.advanceTo(at);
    await flush(h);
    expect(h.lives.startCalls).toEqual([{ liveId: 'a', dueAt: at, at }]);
    expect(iso(at)).toBe('2026-03-29T08:00:00.000Z');
    expect(h.clock.pendingCount).toBe(0); // a one-off start is not re-armed
  });

  it('fires a daily 02:30 Paris at 03:00 on the day 02:30 does not exist, then at 02:30 again', async () => {
    const h = harness({ clock: new ManualClock(Date.parse('2026-03-28T12:00:00Z')) });
    h.lives.add({ id: 'night', start: { kind: 'recurring', cron: '30 2 * * *', timeZone: 'Europe/Paris' } });
    for (let i = 0; i < 2; i++) {
      h.clock.advanceTo(h.clock.nextFireAt ?? 0); // pre-flight
      h.clock.advanceTo(h.clock.nextFireAt ?? 0); // start
      await flush(h);
      h.lives.finish('night');
    }
    expect(h.lives.startCalls.map((c) => iso(c.at))).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(h.service.upcoming(1).map((u) => iso(u.dueAt))).toEqual(['2026-03-31T00:30:00.000Z']);
  });

  it('holds one timer for 500 scheduled lives (starts and pre-flights), re-armed as lives change', () => {
    const t0 = Date.parse('2026-05-01T12:00:00Z');
    const h = harness({ clock: new ManualClock(t0) });
    for (let i = 0; i < 500; i++) {
      const start =
        i % 2 === 0
          ? ({ kind: 'once', at: iso(t0 + (i + 10) * MIN), timeZone: 'UTC' } as const)
          : ({ kind: 'recurring', cron: `${i % 60} ${i % 24} * * *`, timeZone: 'Europe/Paris' } as const);
      h.lives.add({ id: `live-${i}`, start });
    }
    expect(h.clock.pendingCount).toBe(1);
    expect(h.service.upcoming(500)).toHaveLength(500);
    const firstDue = h.service.upcoming(1)[0];
    h.service.liveDeleted(firstDue?.liveId ?? '');
    expect(h.clock.pendingCount).toBe(1);
    expect(h.service.upcoming(1)[0]?.liveId).not.toBe(firstDue?.liveId);
  });

  it('arms a start 40 days away under the setTimeout cap and starts it on time', async () => {
    const t0 = Date.parse('2026-05-01T12:00:00Z');
    const h = harness({ clock: new ManualClock(t0) });
    const at = t0 + 40 * 24 * 60 * MIN;
    h.lives.add({ id: 'far', start: { kind: 'once', at: iso(at), timeZone: 'UTC' } });
    expect(Math.max(...h.clock.requestedDelays)).toBeLessThanOrEqual(2 ** 31 - 1);
    h.clock.advanceTo(at);
    await flush(h);
    expect(h.lives.startCalls).toEqual([{ liveId: 'far', dueAt: at, at }]);
  });

  it('lists upcoming starts soonest first, only those the caller may see', () => {
    const t0 = Date.parse('2026-05-01T12:00:00Z');
    const h = harness({ clock: new ManualClock(t0) });
    h.lives.add({ id: 'late', ownerId: 'bob', start: { kind: 'once', at: iso(t0 + 30 * MIN), timeZone: 'UTC' } });
    h.lives.add({ id: 'soon', ownerId: 'alice', start: { kind: 'once', at: iso(t0 + 10 * MIN), timeZone: 'UTC' } });
    h.lives.add({ id: 'mid', ownerId: 'alice', start: { kind: 'once', at: iso(t0 + 20 * MIN), timeZone: 'UTC' } });
    expect(h.service.upcoming(10).map((u) => u.liveId)).toEqual(['soon', 'mid', 'late']);
    expect(h.service.upcoming(10, (owner) => owner === 'alice').map((u) => u.liveId)).toEqual(['soon', 'mid']);
    expect(h.service.upcoming(1).map((u) => u.liveId)).toEqual(['soon']);
  });

  it('forgets a live that is deleted or set back to manual', () => {
    const t0 = Date.parse('2026-05-01T12:00:00Z');
    const h = harness({ clock: new ManualClock(t0) });
    const live = h.lives.add({ id: 'x', start: { kind: 'once', at: iso(t0 + 10 * MIN), timeZone: 'UTC' } });
    h.lives.add({ id: 'y', start: { kind: 'recurring', cron: '0 20 * * *', timeZone: 'UTC' } });
    h.service.liveChanged({ ...live, start: { kind: 'manual' }, state: 'draft' });
    h.service.liveDeleted('y');
    expect(h.clock.pendingCount).toBe(0);
    expect(h.store.liveIdsWithNextStart()).toEqual([]);
  });
});

describe('ends', () => {
  it('stops after a duration, at a time, and after N loops (N × probed duration when loops are not reported)', async () => {
    const t0 = Date.parse('2026-05-01T12:00:00Z');
    const h = harness({ clock: new ManualClock(t0), probeDurationMs: 90_000 });
    h.lives.add({ id: 'dur', end: { kind: 'afterDuration', seconds: 3600 } });
    h.lives.add({ id: 'at', end: { kind: 'at', at: iso(t0 + 30 * MIN), timeZone: 'UTC' } });
    h.lives.add({ id: 'loops', end: { kind: 'afterLoops', count: 3 } });
    for (const id of ['dur', 'at', 'loops']) h.lives.startNow(id);
    await flush(h);
    await runUntil(h, t0 + 2 * 60 * MIN);
    expect(h.lives.stopCalls).toEqual([
      { liveId: 'loops', reason: 'loop count reached', at: t0 + 270_000 },
      { liveId: 'at', reason: 'end time reached', at: t0 + 30 * MIN },
      { liveId: 'dur', reason: 'duration reached', at: t0 + 60 * MIN },
    ]);
  });
});

describe('starts missed while the engine was down', () => {
  it('starts at once inside the grace window, and marks missed (with a notice) beyond it', async () => {
    const t0 = Date.parse('2026-05-01T19:00:00Z');
    const clock = new ManualClock(t0);
    const first = harness({ clock });
    first.lives.add({ id: 'daily', start: { kind: 'recurring', cron: '0 20 * * *', timeZone: 'UTC' } });
    first.lives.add({ id: 'late', start: { kind: 'once', at: '2026-05-01T20:01:00.000Z', timeZone: 'UTC' } });
    first.lives.add({ id: 'missed', start: { kind: 'once', at: '2026-05-01T19:50:00.000Z', timeZone: 'UTC' } });
    await first.service.close();

    // The engine comes back at 20:04: 'daily' (20:00) and 'late' (20:01) are within 5 min; 'missed' (19:50) is not.
    clock.jumpTo(Date.parse('2026-05-01T20:04:00Z'));
    const second = harness({ clock, lives: first.lives, dir: first.dir });
    second.service.boot();
    clock.advanceBy(0);
    await flush(second);
    expect(second.lives.startCalls.map((c) => [c.liveId, iso(c.dueAt)])).toEqual([
      ['daily', '2026-05-01T20:00:00.000Z'],
      ['late', '2026-05-01T20:01:00.000Z'],
    ]);
    expect(second.notices).toEqual([
      { kind: 'schedule.missed', liveId: 'missed', ownerId: 'owner-1', title: 'Live missed', dueAt: '2026-05-01T19:50:00.000Z' },
    ]);
    expect(second.store.lastFire('missed')).toMatchObject({ outcome: 'missed' });
    expect(second.lives.missed).toEqual([
      {
        liveId: 'missed',
        dueAt: Date.parse('2026-05-01T19:50:00Z'),
        reason:
          'Scheduled start at 2026-05-01T19:50:00.000Z missed: the engine noticed it 14 min late, past the 5 min grace window.',
      },
    ]);
    expect(second.store.lastFire('daily')).toMatchObject({ outcome: 'started', reason: '240 s late, inside the grace window' });
    // The recurring live is armed for tomorrow; the missed one-off is not retried on later changes.
    expect(second.service.upcoming(5).map((u) => [u.liveId, iso(u.dueAt)])).toEqual([['daily', '2026-05-02T20:00:00.000Z']]);
    second.service.liveChanged(second.lives.get('missed')!);
    expect(second.service.upcoming(5)).toHaveLength(1);
  });

  it('marks a recurring start missed when the engine was down past the grace window, and keeps the next one', async () => {
    const clock = new ManualClock(Date.parse('2026-05-01T19:00:00Z'));
    const first = harness({ clock });
    first.lives.add({ id: 'daily', start: { kind: 'recurring', cron: '0 20 * * *', timeZone: 'UTC' } });
    await first.service.close();
    clock.jumpTo(Date.parse('2026-05-01T20:06:00Z'));
    const second = harness({ clock, lives: first.lives, dir: first.dir });
    second.service.boot();
    clock.advanceBy(0);
    await flush(second);
    expect(second.lives.startCalls).toEqual([]);
    expect(second.notices.map((n) => n.kind)).toEqual(['schedule.missed']);
    expect(second.service.upcoming(1).map((u) => iso(u.dueAt))).toEqual(['2026-05-02T20:00:00.000Z']);
  });
});

describe('limit of simultaneous lives', () => {
  it('queues due lives and starts them in due-time order as slots free', async () => {
    const t0 = Date.parse('2026-05-01T19:00:00Z');
    const h = harness({ clock: new ManualClock(t0), limit: 1 });
    h.lives.add({ id: 'busy' });
    h.lives.startNow('busy');
    // Created in another order than they are due.
    h.lives.add({ id: 'c', start: { kind: 'once', at: '2026-05-01T20:02:00.000Z', timeZone: 'UTC' } });
    h.lives.add({ id: 'a', start: { kind: 'once', at: '2026-05-01T20:00:00.000Z', timeZone: 'UTC' } });
    h.lives.add({ id: 'b', start: { kind: 'once', at: '2026-05-01T20:01:00.000Z', timeZone: 'UTC' } });
    h.clock.advanceTo(Date.parse('2026-05-01T20:03:00Z'));
    await flush(h);
    expect(['a', 'b', 'c'].map((id) => h.lives.stateOf(id))).toEqual(['queued', 'queued', 'queued']);
    for (const id of ['busy', 'a', 'b']) h.lives.finish(id);
    expect(h.lives.wentLive).toEqual(['busy', 'a', 'b', 'c']);
  });

  it('hands lives due together (engine back up) to the runtime oldest first', async () => {
    const clock = new ManualClock(Date.parse('2026-05-01T19:00:00Z'));
    const first = harness({ clock, limit: 1 });
    for (const [id, at] of [
      ['z', '20:03'],
      ['x', '20:01'],
      ['y', '20:02'],
    ] as const) {
      first.lives.add({ id, start: { kind: 'once', at: `2026-05-01T${at}:00.000Z`, timeZone: 'UTC' } });
    }
    await first.service.close();
    clock.jumpTo(Date.parse('2026-05-01T20:04:00Z'));
    const second = harness({ clock, lives: first.lives, dir: first.dir });
    second.service.boot();
    clock.advanceBy(0);
    await flush(second);
    expect(second.lives.startCalls.map((c) => c.liveId)).toEqual(['x', 'y', 'z']);
    expect(second.lives.stateOf('y')).toBe('queued');
  });
});

describe('pre-flight', () => {
  it('raises a warning notice 60 s before the start, not at start time', async () => {
    const t0 = Date.parse('2026-05-01T19:00:00Z');
    const h = harness({ clock: new ManualClock(t0), problems: ['The source file /v/show.mp4 does not exist.'] });
    h.lives.add({ id: 'p', start: { kind: 'once', at: '2026-05-01T20:00:00.000Z', timeZone: 'UTC' } });
    h.clock.advanceTo(Date.parse('2026-05-01T19:59:00Z'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.notices).toEqual([
      {
        kind: 'preflight.warning',
        liveId: 'p',
        ownerId: 'owner-1',
        title: 'Live p',
        problems: ['The source file /v/show.mp4 does not exist.'],
      },
    ]);
    expect(h.lives.startCalls).toEqual([]);
  });
});
