import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import type { LiveFieldsInput } from '@shared/contract/lives';
import { hlsDirOf } from '../hls/hls-paths';
import { OWNER, startLivesKit, type LivesKit } from '../../../tests/support/engine/lives-kit';

const KEY = 'live_123456789_AbCdEfGhIjKlMnOp';
const show: LiveFieldsInput = {
  title: 'Friday night',
  source: { kind: 'file', path: '/videos/show.mp4' },
  destinations: [
    { name: 'Twitch', kind: 'twitch', streamKey: KEY },
    { name: 'Preview', kind: 'hls-local' },
  ],
};

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('Expected the call to be refused.');
}

let kit: LivesKit;
beforeEach(async () => {
  kit = await startLivesKit();
});
afterEach(() => kit.close());

describe('lives.create / get / list', () => {
  it('creates a draft owned by the caller, with the key masked and pushed as live.updated', async () => {
    const live = await kit.call('lives.create', show);
    expect(live).toMatchObject({ title: 'Friday night', ownerId: 'alice', state: 'draft', encoding: { mode: 'auto' } });
    expect(live.destinations[0]?.streamKey).toEqual({
      keyRef: expect.stringMatching(/^secret:stream-key\//),
      keyMasked: '••••MnOp',
      keySet: true,
    });
    expect(live.destinations[1]?.streamKey).toEqual({ keyRef: null, keyMasked: null, keySet: false });
    expect(JSON.stringify(live)).not.toContain(KEY);
    expect(kit.seen('live.updated')).toEqual([live]);
    expect(await kit.call('lives.get', { liveId: live.id })).toEqual(live);
    expect(await kit.call('lives.list', undefined)).toEqual({ items: [live], nextCursor: null });
  });

  it('starts in scheduled when a start time is set', async () => {
    const live = await kit.call('lives.create', {
      ...show,
      start: { kind: 'once', at: '2026-03-02T19:00:00Z', timeZone: 'Europe/Paris' },
    });
    expect(live.state).toBe('scheduled');
  });

  it('names the field of a cross-field mistake', async () => {
    const error = await rejection(
      kit.call('lives.create', { ...show, loop: { kind: 'once' }, end: { kind: 'afterLoops', count: 3 } }),
    );
    expect(error.code).toBe('INVALID_PARAMS');
    expect(error.issues?.[0]?.path).toEqual(['end', 'count']);
    expect(error.message).toContain('end.count');
  });

  it('refuses an unknown live with NOT_FOUND', async () => {
    const error = await rejection(kit.call('lives.get', { liveId: 'nope' }));
    expect(error.code).toBe('NOT_FOUND');
  });
});

describe('lives.update', () => {
  it('replaces fields and keeps a destination key when the id is sent without a key', async () => {
    const live = await kit.call('lives.create', show);
    const twitch = live.destinations[0];
    if (!twitch) throw new Error('no destination');
    const updated = await kit.call('lives.update', {
      liveId: live.id,
      patch: {
        title: 'Saturday night',
        encoding: { mode: 'preset', preset: '720p' },
        destinations: [{ id: twitch.id, name: 'Twitch main', kind: 'twitch' }],
      },
    });
    expect(updated.title).toBe('Saturday night');
    expect(updated.encoding).toEqual({ mode: 'preset', preset: '720p' });
    expect(updated.destinations).toHaveLength(1);
    expect(updated.destinations[0]?.streamKey).toEqual(twitch.streamKey);
    expect(kit.seen('live.updated').at(-1)).toEqual(updated);
  });

  it('moves between draft and scheduled with the start policy', async () => {
    const live = await kit.call('lives.create', show);
    const scheduled = await kit.call('lives.update', {
      liveId: live.id,
      patch: { start: { kind: 'recurring', cron: '0 20 * * 5', timeZone: 'Europe/Paris' } },
    });
    expect(scheduled.state).toBe('scheduled');
    const manual = await kit.call('lives.update', { liveId: live.id, patch: { start: { kind: 'manual' } } });
    expect(manual.state).toBe('draft');
  });

  it('refuses a one-off start in the past at save, naming the field (create and update)', async () => {
    const past = { kind: 'once', at: '2026-03-01T11:59:00Z', timeZone: 'Europe/Paris' } as const;
    const created = await rejection(kit.call('lives.create', { ...show, start: past }));
    expect(created.code).toBe('INVALID_PARAMS');
    const inPast = { message: 'The start time is in the past.', text: { code: 'fields.startInPast', params: {} } };
    expect(created.issues).toEqual([{ path: ['start', 'at'], ...inPast }]);
    const live = await kit.call('lives.create', show);
    const updated = await rejection(kit.call('lives.update', { liveId: live.id, patch: { start: past } }));
    expect(updated.code).toBe('INVALID_PARAMS');
    expect(updated.issues).toEqual([{ path: ['patch', 'start', 'at'], ...inPast }]);
    expect((await kit.call('lives.get', { liveId: live.id })).start).toEqual({ kind: 'manual' });
  });

  it('returns a recurring live to scheduled after each run; the run keeps how it ended', async () => {
    const live = await kit.call('lives.create', {
      ...show,
      start: { kind: 'recurring', cron: '0 20 * * 5', timeZone: 'Europe/Paris' },
    });
    expect(live.state).toBe('scheduled');
    const journal = kit.runtime.host?.journal;
    const first = (await kit.call('lives.start', { liveId: live.id })).currentRunId ?? '';
    journal?.transition(first, 'starting');
    journal?.transition(first, 'live');
    const stopped = await kit.call('lives.stop', { liveId: live.id });
    expect(stopped).toMatchObject({ state: 'scheduled' });
    expect(stopped.currentRunId).toBeUndefined();
    const second = (await kit.call('lives.start', { liveId: live.id })).currentRunId ?? '';
    journal?.transition(second, 'failed', 'The platform refused the stream key.');
    expect((await kit.call('lives.get', { liveId: live.id })).state).toBe('scheduled');
    expect((await kit.call('lives.listRuns', { liveId: live.id })).items.map((r) => [r.id, r.state])).toEqual([
      [second, 'failed'],
      [first, 'ended'],
    ]);
    // A manual live keeps its run's end, and a one-off started early waits for its time again.
    const manual = await kit.call('lives.create', show);
    await kit.call('lives.start', { liveId: manual.id });
    expect((await kit.call('lives.stop', { liveId: manual.id })).state).toBe('ended');
    const early = await kit.call('lives.create', {
      ...show,
      start: { kind: 'once', at: '2026-03-02T19:00:00Z', timeZone: 'Europe/Paris' },
    });
    await kit.call('lives.start', { liveId: early.id });
    expect((await kit.call('lives.stop', { liveId: early.id })).state).toBe('scheduled');
  });

  it('refuses an unknown destination id, naming it', async () => {
    const live = await kit.call('lives.create', show);
    const error = await rejection(
      kit.call('lives.update', { liveId: live.id, patch: { destinations: [{ id: 'ghost', name: 'X', kind: 'twitch' }] } }),
    );
    expect(error.code).toBe('INVALID_PARAMS');
    expect(error.issues?.[0]?.path).toEqual(['patch', 'destinations', 0, 'id']);
  });

  it('only lets the title change while the live runs', async () => {
    const live = await kit.call('lives.create', show);
    await kit.call('lives.start', { liveId: live.id });
    const renamed = await kit.call('lives.update', { liveId: live.id, patch: { title: 'Renamed on air' } });
    expect(renamed).toMatchObject({ title: 'Renamed on air', state: 'queued' });
    const error = await rejection(
      kit.call('lives.update', { liveId: live.id, patch: { title: 'x', loop: { kind: 'forever' } } }),
    );
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toBe('This live is queued: only its title can change while it runs. Stop it to change loop.');
    expect((await kit.call('lives.get', { liveId: live.id })).loop).toEqual({ kind: 'once' });
  });
});

describe('lives.delete', () => {
  it('deletes the live, its runs and its keys, and says so', async () => {
    const live = await kit.call('lives.create', show);
    await kit.call('lives.start', { liveId: live.id });
    await kit.call('lives.stop', { liveId: live.id });
    expect(await kit.call('lives.delete', { liveId: live.id })).toEqual({ liveId: live.id });
    expect(kit.seen('live.deleted')).toEqual([{ liveId: live.id, ownerId: 'alice' }]);
    expect((await rejection(kit.call('lives.get', { liveId: live.id }))).code).toBe('NOT_FOUND');
    const ref = live.destinations[0]?.streamKey.keyRef ?? '';
    expect(await kit.secrets.get(ref.replace(/^secret:/, ''))).toBeNull();
  });

  it("removes the live's preview folder (its HLS segments) too", async () => {
    const live = await kit.call('lives.create', show);
    const dir = hlsDirOf(kit.dataDir, live.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'index.m3u8'), '#EXTM3U\n');
    await kit.call('lives.delete', { liveId: live.id });
    expect(existsSync(dir)).toBe(false);
  });

  it('is refused while the live runs', async () => {
    const live = await kit.call('lives.create', show);
    await kit.call('lives.start', { liveId: live.id });
    const error = await rejection(kit.call('lives.delete', { liveId: live.id }));
    expect(error).toMatchObject({ code: 'INVALID_STATE', message: 'This live is queued; stop it before deleting it.' });
    expect((await kit.call('lives.get', { liveId: live.id })).state).toBe('queued');
  });
});

describe('lives.start / stop', () => {
  it('opens a run, hands it to the runtime, and stops it gracefully', async () => {
    const live = await kit.call('lives.create', show);
    const started = await kit.call('lives.start', { liveId: live.id });
    expect(started.state).toBe('queued');
    expect(started.currentRunId).toBeDefined();
    expect(kit.runtime.started).toHaveLength(1);
    expect(kit.runtime.started[0]?.run).toMatchObject({ id: started.currentRunId, state: 'queued', restarts: 0 });
    const runId = started.currentRunId ?? '';
    kit.runtime.host?.journal.transition(runId, 'starting');
    kit.runtime.host?.journal.transition(runId, 'live');
    expect((await kit.call('lives.get', { liveId: live.id })).state).toBe('live');

    const stopped = await kit.call('lives.stop', { liveId: live.id });
    expect(stopped.state).toBe('ended');
    expect(stopped.currentRunId).toBeUndefined();
    expect(kit.runtime.stopped).toEqual([{ liveId: live.id, reason: 'Stopped by the user.' }]);
    expect(kit.seen('live.updated').map((l) => l.state)).toEqual(['draft', 'queued', 'starting', 'live', 'stopping', 'ended']);
    expect(kit.notices.map((n) => n.kind)).toEqual(['live.started', 'live.ended']);
  });

  it('closes the run itself when the runtime had nothing to stop', async () => {
    kit.runtime.endOnStop = undefined;
    const live = await kit.call('lives.create', show);
    await kit.call('lives.start', { liveId: live.id });
    const stopped = await kit.call('lives.stop', { liveId: live.id });
    expect(stopped.state).toBe('ended');
  });

  it('refuses to start twice, to stop a live that is not running, and to start without keys', async () => {
    const live = await kit.call('lives.create', show);
    expect((await rejection(kit.call('lives.stop', { liveId: live.id }))).message).toBe(
      'This live is draft, not running: there is nothing to stop.',
    );
    await kit.call('lives.start', { liveId: live.id });
    expect(await rejection(kit.call('lives.start', { liveId: live.id }))).toMatchObject({ code: 'INVALID_STATE' });
    expect(kit.runtime.started).toHaveLength(1);

    const keyless = await kit.call('lives.create', { ...show, destinations: [{ name: 'YouTube', kind: 'youtube-primary' }] });
    expect(await rejection(kit.call('lives.start', { liveId: keyless.id }))).toMatchObject({
      code: 'INVALID_STATE',
      message: 'Destination "YouTube" has no stream key: enter it before starting.',
    });
    const nowhere = await kit.call('lives.create', { ...show, destinations: [] });
    expect((await rejection(kit.call('lives.start', { liveId: nowhere.id }))).message).toMatch(/no enabled destination/);
  });

  it('refuses to start when the key vanished from the secret store', async () => {
    const live = await kit.call('lives.create', show);
    await kit.secrets.delete((live.destinations[0]?.streamKey.keyRef ?? '').replace(/^secret:/, ''));
    expect((await rejection(kit.call('lives.start', { liveId: live.id }))).message).toBe(
      'The stream key of "Twitch" is missing from the secret store: enter it again.',
    );
  });

  it('marks the run failed when the runtime cannot accept it', async () => {
    kit.runtime.failNextStart = new RpcError('UNAVAILABLE', 'No FFmpeg found on this machine.');
    const live = await kit.call('lives.create', show);
    expect(await rejection(kit.call('lives.start', { liveId: live.id }))).toMatchObject({ code: 'UNAVAILABLE' });
    const after = await kit.call('lives.get', { liveId: live.id });
    expect(after.state).toBe('failed');
    const [run] = (await kit.call('lives.listRuns', { liveId: live.id })).items;
    expect(run).toMatchObject({ state: 'failed', endReason: 'No FFmpeg found on this machine.' });
    expect(kit.notices.at(-1)).toMatchObject({ kind: 'live.failed', reason: 'No FFmpeg found on this machine.' });
  });
});

describe('lives.listRuns / getRun / previewUrl', () => {
  it('returns runs newest first and a run with its events, stats and log tail', async () => {
    const live = await kit.call('lives.create', show);
    const first = (await kit.call('lives.start', { liveId: live.id })).currentRunId ?? '';
    await kit.call('lives.stop', { liveId: live.id });
    kit.clock.now += 60_000;
    const second = (await kit.call('lives.start', { liveId: live.id })).currentRunId ?? '';
    const journal = kit.runtime.host?.journal;
    journal?.transition(second, 'starting');
    journal?.recordRestart(second, 'FFmpeg exited (code 1): connection reset by the server.');
    journal?.appendLog(second, ['frame=  100 fps= 30', 'Opening rtmp://live.twitch.tv/app/live_••••']);
    expect((await kit.call('lives.listRuns', { liveId: live.id })).items.map((r) => r.id)).toEqual([second, first]);
    const detail = await kit.call('lives.getRun', { runId: second });
    expect(detail.run).toMatchObject({ id: second, state: 'starting', restarts: 1 });
    expect(detail.events.map((e) => [e.kind, e.to ?? e.reason])).toEqual([
      ['state', 'queued'],
      ['state', 'starting'],
      ['restart', 'FFmpeg exited (code 1): connection reset by the server.'],
    ]);
    expect(detail.log).toEqual(['frame=  100 fps= 30', 'Opening rtmp://live.twitch.tv/app/live_••••']);
    expect(kit.seen('run.log')).toEqual([{ liveId: live.id, runId: second, lines: detail.log }]);
  });

  it('gives the HLS preview URL, available while an HLS output runs', async () => {
    const live = await kit.call('lives.create', show);
    expect(await kit.call('lives.previewUrl', { liveId: live.id })).toEqual({
      url: `${kit.http.baseUrl('preview')}/hls/${live.id}/index.m3u8`,
      available: false,
    });
    expect(kit.http.baseUrl('preview')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await kit.call('lives.start', { liveId: live.id });
    expect((await kit.call('lives.previewUrl', { liveId: live.id })).available).toBe(true);
    await kit.http.close();
    expect(await rejection(kit.call('lives.previewUrl', { liveId: live.id }))).toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('ownership', () => {
  const bob = { userId: 'bob', isAdmin: false, isApproved: true };
  const admin = { userId: 'root', isAdmin: true, isApproved: true };
  const pending = { userId: 'carol', isAdmin: false, isApproved: false };

  it('gives every live its creator as owner; others neither see nor touch it', async () => {
    const live = await kit.call('lives.create', show, OWNER);
    const mine = await kit.call('lives.create', { ...show, title: "Bob's" }, bob);
    expect(mine.ownerId).toBe('bob');
    expect((await kit.call('lives.list', undefined, bob)).items.map((l) => l.id)).toEqual([mine.id]);
    for (const method of [
      'lives.get',
      'lives.start',
      'lives.stop',
      'lives.delete',
      'lives.listRuns',
      'lives.previewUrl',
    ] as const) {
      expect((await rejection(kit.call(method, { liveId: live.id }, bob))).code).toBe('NOT_FOUND');
    }
    expect((await rejection(kit.call('lives.update', { liveId: live.id, patch: { title: 'mine now' } }, bob))).code).toBe(
      'NOT_FOUND',
    );
    expect((await kit.call('lives.get', { liveId: live.id })).title).toBe('Friday night');
  });

  it('lets an admin see every live and stop any, but not edit someone else’s', async () => {
    const live = await kit.call('lives.create', show, OWNER);
    expect((await kit.call('lives.list', undefined, admin)).items.map((l) => l.id)).toEqual([live.id]);
    await kit.call('lives.start', { liveId: live.id }, OWNER);
    expect((await kit.call('lives.stop', { liveId: live.id }, admin)).state).toBe('ended');
    expect((await rejection(kit.call('lives.delete', { liveId: live.id }, admin))).code).toBe('FORBIDDEN');
  });

  it('refuses everything to an account waiting for approval', async () => {
    expect((await rejection(kit.call('lives.list', undefined, pending))).code).toBe('FORBIDDEN');
    expect((await rejection(kit.call('lives.create', show, pending))).code).toBe('FORBIDDEN');
  });
});
