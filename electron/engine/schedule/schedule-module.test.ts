import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Live } from '@shared/contract/lives';
import { RpcError } from '@shared/contract/errors';
import { freeLoopbackPort } from '../../../tests/support/ports';
import { waitFor } from '../../../tests/support/wait-for';
import { createEngine, type Engine } from '../engine';
import { FakeRuntime } from '../../../tests/support/engine/lives-kit';
import { livesModule } from '../lives/lives-module';
import type { EngineModule } from '../module';
import type { EngineNotice } from '../notifications/notice-bus';
import { MemorySecretStore } from '../secrets/secret-store';
import { ManualClock } from '../../../tests/support/engine/manual-clock';
import { notificationsModule } from '../notifications/notifications-module';
import { scheduleModule } from './schedule-module';
import { startTestSmtp } from '../../../tests/support/smtp';

const KEY = 'sk_live_0123456789abcdef';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Running {
  engine: Engine;
  runtime: FakeRuntime;
  notices: EngineNotice[];
  call<T>(method: string, params: unknown): Promise<T>;
}

/** A real engine (lives + schedule modules, single-owner); FFmpeg is faked. No clock: real time and timers. */
async function startEngine(
  clock: ManualClock | null,
  dataDir: string,
  secrets: MemorySecretStore,
  extra: EngineModule[] = [],
): Promise<Running> {
  const runtime = new FakeRuntime();
  const lives = livesModule((host) => {
    runtime.host = host;
    return runtime;
  });
  const notices: EngineNotice[] = [];
  const noticeProbe: EngineModule = {
    name: 'notice-probe',
    build: (deps) => ({
      handlers: {},
      exports: undefined,
      start: () => {
        deps.notices.subscribe((n) => notices.push(n));
        return Promise.resolve();
      },
    }),
  };
  const engine = await createEngine({
    appVersion: 'test',
    dataDir,
    secrets,
    mode: 'single-owner',
    ...(clock ? { now: clock.now } : {}),
    modules: [noticeProbe, ...extra, lives, scheduleModule(clock ? { timers: clock } : {})],
  });
  let closed = false;
  const close = async (): Promise<void> => {
    if (!closed) await engine.close();
    closed = true;
  };
  cleanups.push(close);
  return {
    engine,
    runtime,
    notices,
    async call<T>(method: string, params: unknown): Promise<T> {
      const result = await engine.router.call(method, params, { transport: 'local' });
      if (!result.ok) throw RpcError.fromPayload(result.error);
      return result.value as T;
    },
  };
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lm-schedule-module-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('schedule module inside a real engine', () => {
  it('pre-flights, starts on time, lists upcoming starts, and stops after the duration', async () => {
    const clock = new ManualClock(Date.parse('2026-05-01T19:00:00Z'));
    const closedPort = await freeLoopbackPort();
    const e = await startEngine(clock, tempDir(), new MemorySecretStore());
    const live = await e.call<Live>('lives.create', {
      title: 'Friday show',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: `rtmp://127.0.0.1:${closedPort}/live`, streamKey: KEY }],
      start: { kind: 'once', at: '2026-05-01T20:00:00Z', timeZone: 'Europe/Paris' },
      end: { kind: 'afterDuration', seconds: 600 },
    });
    expect(await e.call('schedule.upcoming', {})).toEqual([
      { liveId: live.id, title: 'Friday show', ownerId: live.ownerId, at: '2026-05-01T20:00:00.000Z' },
    ]);

    clock.advanceTo(Date.parse('2026-05-01T19:59:00Z'));
    const warning = await waitFor(() => e.notices.find((n) => n.kind === 'preflight.warning'), { what: 'a pre-flight warning' });
    expect(warning).toEqual({
      kind: 'preflight.warning',
      liveId: live.id,
      ownerId: live.ownerId,
      title: 'Friday show',
      problems: [`Destination "Ingest" (127.0.0.1:${closedPort}) does not accept connections (connection refused).`],
    });
    expect(e.runtime.started).toEqual([]);

    clock.advanceTo(Date.parse('2026-05-01T20:00:00Z'));
    const { run } = await waitFor(() => e.runtime.started[0], { what: 'the scheduled start' });
    expect(await e.call('schedule.upcoming', {})).toEqual([]);
    e.runtime.host?.journal.transition(run.id, 'starting');
    e.runtime.host?.journal.transition(run.id, 'live');

    clock.advanceTo(Date.parse('2026-05-01T20:10:00Z'));
    await waitFor(() => e.runtime.stopped.length > 0, { what: 'the scheduled stop' });
    expect(e.runtime.stopped).toEqual([{ liveId: live.id, reason: 'Stopped by the schedule: duration reached.' }]);
    expect(JSON.stringify(e.notices)).not.toContain(KEY);
  });

  it('with the real clock and timers, starts a live due in 1.5 s within 1 s of its time', async () => {
    const e = await startEngine(null, tempDir(), new MemorySecretStore());
    const dueAt = Date.now() + 1500;
    await e.call<Live>('lives.create', {
      title: 'Real time',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Local', kind: 'hls-local' }],
      start: { kind: 'once', at: new Date(dueAt).toISOString(), timeZone: 'Europe/Paris' },
    });
    // The moment the live leaves `scheduled` for `queued`: its run is opened and handed to the runtime.
    let startedAt = 0;
    e.engine.events.subscribe((event, payload) => {
      if (event === 'live.updated' && (payload as Live).state === 'queued' && startedAt === 0) startedAt = Date.now();
    });
    await waitFor(() => e.runtime.started.length > 0, { what: 'the real-time start' });
    expect(startedAt - dueAt).toBeGreaterThanOrEqual(0);
    expect(startedAt - dueAt).toBeLessThan(1000);
  });

  it('marks a start missed while the engine was down: a failed run in the history and a notice', async () => {
    const clock = new ManualClock(Date.parse('2026-05-01T19:00:00Z'));
    const dataDir = tempDir();
    const secrets = new MemorySecretStore();
    const first = await startEngine(clock, dataDir, secrets);
    const live = await first.call<Live>('lives.create', {
      title: 'Morning show',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Local', kind: 'hls-local' }],
      start: { kind: 'once', at: '2026-05-01T20:00:00Z', timeZone: 'UTC' },
    });
    await first.engine.close();

    clock.jumpTo(Date.parse('2026-05-01T20:30:00Z'));
    const second = await startEngine(clock, dataDir, secrets);
    clock.advanceBy(0);
    await waitFor(() => second.notices.find((n) => n.kind === 'schedule.missed'), { what: 'a missed-start notice' });
    expect(second.runtime.started).toEqual([]);
    const { items: runs } = await second.call<{ items: { state: string; endReason?: string }[] }>('lives.listRuns', {
      liveId: live.id,
    });
    expect(runs).toHaveLength(1);
    expect(runs[0]?.state).toBe('failed');
    expect(runs[0]?.endReason).toContain('missed: the engine noticed it 30 min late, past the 5 min grace window');
  });

  it('mails the owner about a start missed while the engine was down, as docs/scheduling.md says', async () => {
    const smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const clock = new ManualClock(Date.parse('2026-05-01T19:00:00Z'));
    const dataDir = tempDir();
    const secrets = new MemorySecretStore();
    const first = await startEngine(clock, dataDir, secrets, [notificationsModule()]);
    await first.call('notifications.setSmtp', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      from: 'LiveManager <alerts@example.com>',
      notifyTo: 'me@example.com',
    });
    await first.call<Live>('lives.create', {
      title: 'Dawn chorus',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Local', kind: 'hls-local' }],
      start: { kind: 'once', at: '2026-05-01T20:00:00Z', timeZone: 'UTC' },
    });
    await first.engine.close();

    clock.jumpTo(Date.parse('2026-05-01T20:30:00Z'));
    const second = await startEngine(clock, dataDir, secrets, [notificationsModule()]);
    clock.advanceBy(0);
    const [mail] = await smtp.waitFor(1, 20_000);
    expect(mail).toMatchObject({ to: ['me@example.com'], subject: 'Scheduled start missed: "Dawn chorus"' });
    expect(mail?.text).toContain('was due to start on');
    // One message about the miss: its failed run raises no second "your live failed" notice.
    expect(second.notices.map((n) => n.kind)).toEqual(['schedule.missed']);
    expect(second.runtime.started).toEqual([]);
  });

  it('applies a changed grace window: a start 30 min late is made when the window is 45 min', async () => {
    const clock = new ManualClock(Date.parse('2026-05-01T19:00:00Z'));
    const dataDir = tempDir();
    const secrets = new MemorySecretStore();
    const first = await startEngine(clock, dataDir, secrets);
    expect(await first.call('schedule.getSettings', {})).toEqual({ missedStartGraceMinutes: 5 });
    const bad = await first.call('schedule.updateSettings', { missedStartGraceMinutes: -1 }).catch((err: unknown) => err);
    expect(bad).toMatchObject({ code: 'INVALID_PARAMS', issues: [{ message: 'The grace window is at least 0 minutes.' }] });
    expect(await first.call('schedule.updateSettings', { missedStartGraceMinutes: 45 })).toEqual({ missedStartGraceMinutes: 45 });
    const live = await first.call<Live>('lives.create', {
      title: 'Evening show',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Local', kind: 'hls-local' }],
      start: { kind: 'once', at: '2026-05-01T20:00:00Z', timeZone: 'UTC' },
    });
    await first.engine.close();

    clock.jumpTo(Date.parse('2026-05-01T20:30:00Z'));
    const second = await startEngine(clock, dataDir, secrets);
    clock.advanceBy(0);
    const started = await waitFor(() => second.runtime.started[0], { what: 'the late start' });
    expect(started.live.id).toBe(live.id);
    expect(second.notices.filter((n) => n.kind === 'schedule.missed')).toEqual([]);
  });

  it('describes a cron in French and English with its next fires, and refuses a bad one', async () => {
    const clock = new ManualClock(Date.parse('2026-05-01T12:00:00Z')); // a Friday
    const e = await startEngine(clock, tempDir(), new MemorySecretStore());
    expect(await e.call('schedule.describe', { cron: '30 20 * * 1-5', timeZone: 'Europe/Paris', lang: 'fr' })).toEqual({
      text: 'Du lundi au vendredi à 20:30',
      next: [
        '2026-05-01T18:30:00.000Z',
        '2026-05-04T18:30:00.000Z',
        '2026-05-05T18:30:00.000Z',
        '2026-05-06T18:30:00.000Z',
        '2026-05-07T18:30:00.000Z',
      ],
    });
    expect(await e.call('schedule.describe', { cron: '30 20 * * 1-5', timeZone: 'Europe/Paris' })).toMatchObject({
      text: 'Monday to Friday at 20:30',
    });
    const error = await e.call('schedule.describe', { cron: '30 25 * * *', timeZone: 'UTC' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe('INVALID_PARAMS');
    expect((error as RpcError).issues?.[0]).toMatchObject({
      path: ['cron'],
      message: expect.stringMatching(/Invalid cron pattern "30 25 \* \* \*".*hour/),
    });
  });
});
