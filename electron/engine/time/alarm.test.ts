import { describe, expect, it } from 'vitest';
import { Alarm } from './alarm';
import { ManualClock } from '../../../tests/support/engine/manual-clock';
import { MAX_TIMER_DELAY_MS, systemTimers, type Timers } from './timers';

const T0 = Date.parse('2026-05-01T12:00:00Z');
const HOUR = 3_600_000;

function alarmOn(clock: ManualClock): { alarm: Alarm<string>; fired: { key: string; at: number }[] } {
  const fired: { key: string; at: number }[] = [];
  const alarm = new Alarm<string>({
    now: clock.now,
    timers: clock,
    onDue: (due) => due.forEach((d) => fired.push({ key: d.key, at: clock.now() })),
  });
  return { alarm, fired };
}

describe('Alarm: one timer for every scheduled item', () => {
  it('keeps exactly one timer armed for 500 scheduled lives, and fires them in due order', () => {
    const clock = new ManualClock(T0);
    const { alarm, fired } = alarmOn(clock);
    // Added in a scrambled order so the earliest keeps moving.
    for (let i = 0; i < 500; i++) alarm.set(`start:${i}`, T0 + (((i * 7919) % 500) + 1) * 60_000, 'start');
    expect(alarm.size).toBe(500);
    expect(clock.pendingCount).toBe(1);
    expect(clock.nextFireAt).toBe(T0 + 60_000);
    clock.advanceBy(10 * 60_000);
    expect(fired).toHaveLength(10);
    expect(fired.map((f) => f.at)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + (i + 1) * 60_000));
    expect(clock.pendingCount).toBe(1);
  });

  it('re-arms only when the earliest item changes', () => {
    const clock = new ManualClock(T0);
    const { alarm } = alarmOn(clock);
    alarm.set('a', T0 + HOUR, 'x');
    alarm.set('b', T0 + 2 * HOUR, 'x'); // later: no re-arm
    expect(clock.requestedDelays).toEqual([HOUR]);
    alarm.set('c', T0 + HOUR / 2, 'x'); // earlier: re-arm
    alarm.delete('b'); // not the earliest: no re-arm
    alarm.delete('c'); // the earliest: re-arm for a
    expect(clock.requestedDelays).toEqual([HOUR, HOUR / 2, HOUR]);
    expect(clock.pendingCount).toBe(1);
    alarm.delete('a');
    expect(clock.pendingCount).toBe(0);
  });

  it('arms a start 40 days away in steps under the 2^31-1 ms cap and fires it on time', () => {
    const clock = new ManualClock(T0);
    const { alarm, fired } = alarmOn(clock);
    const due = T0 + 40 * 24 * HOUR;
    alarm.set('far', due, 'x');
    expect(clock.requestedDelays).toEqual([MAX_TIMER_DELAY_MS]);
    clock.advanceTo(due - 1);
    expect(fired).toEqual([]);
    expect(clock.requestedDelays).toEqual([MAX_TIMER_DELAY_MS, due - T0 - MAX_TIMER_DELAY_MS]);
    clock.advanceTo(due);
    expect(fired).toEqual([{ key: 'far', at: due }]);
    expect(clock.pendingCount).toBe(0);
  });

  it('sees a start that fell due while the machine slept within one step after it wakes', () => {
    for (const [maxSleepMs, firedAfterWake] of [
      [60_000, 30_000], // guarded: the 60 s step in progress when the lid shut ends 30 s after waking
      [undefined, HOUR - 30_000], // unguarded: the one long timer still had 59.5 min to run
    ] as const) {
      const clock = new ManualClock(T0);
      const fired: number[] = [];
      const alarm = new Alarm<string>({ now: clock.now, timers: clock, maxSleepMs, onDue: () => fired.push(clock.now()) });
      alarm.set('show', T0 + HOUR, 'start');
      clock.advanceBy(30_000);
      clock.suspendFor(HOUR); // lid shut at T0+30 s, opened at T0+1 h 30 s: the show was due meanwhile
      const wokeAt = clock.now();
      clock.advanceBy(2 * HOUR);
      expect(fired).toEqual([wokeAt + firedAfterWake]);
      if (maxSleepMs !== undefined) expect(Math.max(...clock.requestedDelays)).toBe(maxSleepMs);
    }
  });

  it('fires an item set in the past at once', () => {
    const clock = new ManualClock(T0);
    const { alarm, fired } = alarmOn(clock);
    alarm.set('late', T0 - 5_000, 'x');
    expect(clock.requestedDelays).toEqual([0]);
    clock.advanceBy(0);
    expect(fired).toEqual([{ key: 'late', at: T0 }]);
  });

  it('with real timers: 500 items hold one Node timer, and a due item fires within 1 s of its time', async () => {
    // Count the real setTimeout handles alive (unref'd timers are hidden from getActiveResourcesInfo).
    let alive = 0;
    const counted: Timers = {
      after(delayMs, fire) {
        alive++;
        let done = false;
        const end = (): void => {
          if (!done) alive--;
          done = true;
        };
        const handle = systemTimers.after(delayMs, () => {
          end();
          fire();
        });
        return { cancel: () => (end(), handle.cancel()) };
      },
    };
    let firedAt = 0;
    let resolveFired: () => void = () => undefined;
    const firedOnce = new Promise<void>((resolve) => (resolveFired = resolve));
    const alarm = new Alarm<string>({
      now: Date.now,
      timers: counted,
      onDue: () => {
        firedAt = Date.now();
        resolveFired();
      },
    });
    const base = Date.now();
    for (let i = 0; i < 500; i++) alarm.set(`live-${i}`, base + HOUR + i * 1000, 'start');
    expect(alive).toBe(1);
    const dueAt = Date.now() + 300;
    alarm.set('soon', dueAt, 'start');
    expect(alive).toBe(1);
    await firedOnce;
    expect(firedAt - dueAt).toBeGreaterThanOrEqual(0);
    expect(firedAt - dueAt).toBeLessThan(1000);
    expect(alive).toBe(1); // re-armed for the next hour's items
    alarm.close();
    expect(alive).toBe(0);
  });
});
