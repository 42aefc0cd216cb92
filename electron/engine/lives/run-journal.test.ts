import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import type { LiveFieldsInput } from '@shared/contract/lives';
import { engineMessage } from '@shared/messages/engine-message';
import type { RunJournal } from './run-journal';
import { FakeRuntime, startLivesKit, type LivesKit } from '../../../tests/support/engine/lives-kit';

const demo: LiveFieldsInput = {
  title: 'Demo',
  source: { kind: 'testPattern' },
  destinations: [{ name: 'Preview', kind: 'hls-local' }],
};

let kit: LivesKit;
let journal: RunJournal;
beforeEach(async () => {
  kit = await startLivesKit();
  if (!kit.runtime.host) throw new Error('runtime was not given its host');
  journal = kit.runtime.host.journal;
});
afterEach(() => kit.close());

async function startDemo(k: LivesKit = kit): Promise<{ liveId: string; runId: string }> {
  const live = await k.call('lives.create', demo);
  const started = await k.call('lives.start', { liveId: live.id });
  return { liveId: live.id, runId: started.currentRunId ?? '' };
}

describe('RunJournal', () => {
  it('moves the run and its live together, records each change, and ignores a repeated state', async () => {
    const { liveId, runId } = await startDemo();
    journal.transition(runId, 'starting');
    journal.transition(runId, 'live');
    journal.transition(runId, 'reconnecting', 'Twitch closed the connection.');
    journal.transition(runId, 'live');
    journal.transition(runId, 'live');
    expect((await kit.call('lives.get', { liveId })).state).toBe('live');
    const { events } = await kit.call('lives.getRun', { runId });
    expect(events.map((e) => `${e.from}→${e.to}`)).toEqual([
      'draft→queued',
      'queued→starting',
      'starting→live',
      'live→reconnecting',
      'reconnecting→live',
    ]);
    expect(events[3]?.reason).toBe('Twitch closed the connection.');
    // Back from reconnecting is not a new start.
    expect(kit.notices.filter((n) => n.kind === 'live.started')).toHaveLength(1);
  });

  it('refuses an invalid transition with INVALID_STATE and changes nothing', async () => {
    const { liveId, runId } = await startDemo();
    journal.transition(runId, 'starting');
    journal.transition(runId, 'failed', 'The source file is missing: /videos/gone.mp4');
    let caught: unknown;
    try {
      journal.transition(runId, 'live');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RpcError);
    expect((caught as RpcError).code).toBe('INVALID_STATE');
    expect((caught as RpcError).message).toBe(
      'Cannot go from "failed" to "live". A failed live can only be started again or rescheduled.',
    );
    const live = await kit.call('lives.get', { liveId });
    expect(live.state).toBe('failed');
    expect(live.currentRunId).toBeUndefined();
    const [run] = (await kit.call('lives.listRuns', { liveId })).items;
    expect(run).toMatchObject({
      state: 'failed',
      endReason: 'The source file is missing: /videos/gone.mp4',
      endedAt: expect.any(String),
    });
  });

  it('records restarts, failures, destination health and notes in the run history', async () => {
    const { runId } = await startDemo();
    journal.transition(runId, 'starting');
    journal.recordDestination(runId, 'dest-1', 'retrying', 'Connection refused by 127.0.0.1:1935.');
    journal.recordFailure(runId, 'The server refused the stream key.', 'dest-1');
    journal.recordRestart(runId, 'No progress for 15 s.');
    journal.note(runId, engineMessage('runs.waitingForSlot', { used: 2, max: 2 }));
    const { run, events } = await kit.call('lives.getRun', { runId });
    expect(run.restarts).toBe(1);
    expect(events.slice(2)).toEqual([
      {
        at: expect.any(String),
        kind: 'destination',
        to: 'retrying',
        reason: 'Connection refused by 127.0.0.1:1935.',
        destinationId: 'dest-1',
      },
      { at: expect.any(String), kind: 'failure', reason: 'The server refused the stream key.', destinationId: 'dest-1' },
      { at: expect.any(String), kind: 'restart', reason: 'No progress for 15 s.' },
      {
        at: expect.any(String),
        kind: 'note',
        reason: 'Waiting for a free FFmpeg slot (2 of 2 in use).',
        text: { code: 'runs.waitingForSlot', params: { used: 2, max: 2 } },
      },
    ]);
  });

  it('answers NOT_FOUND for an unknown run', () => {
    expect(() => journal.recordRestart('no-such-run', 'x')).toThrow(RpcError);
    expect(() => journal.transition('no-such-run', 'live')).toThrow(/No run with id/);
  });
});

describe('engine-restart bookkeeping', () => {
  it('lists open runs with their lives, and markInterrupted closes one', async () => {
    const a = await startDemo();
    const b = await startDemo();
    journal.transition(b.runId, 'starting');
    journal.transition(b.runId, 'live');
    expect(journal.listOpenRuns().map((o) => [o.live.id, o.run.state])).toEqual([
      [a.liveId, 'queued'],
      [b.liveId, 'live'],
    ]);
    journal.markInterrupted(b.runId, 'The engine was killed.');
    expect(journal.listOpenRuns().map((o) => o.run.id)).toEqual([a.runId]);
    expect((await kit.call('lives.get', { liveId: b.liveId })).state).toBe('interrupted');
  });

  it('after a crash, a runtime without recover() gets the open runs marked interrupted', async () => {
    const { liveId, runId } = await startDemo();
    journal.transition(runId, 'starting');
    journal.transition(runId, 'live');
    // The old engine dies without closing anything; a new one opens the same data folder.
    const next = await kit.reopen(new FakeRuntime());
    try {
      const live = await next.call('lives.get', { liveId });
      expect(live.state).toBe('interrupted');
      const detail = await next.call('lives.getRun', { runId });
      expect(detail.run).toMatchObject({ state: 'interrupted', endReason: 'The engine stopped while this live was running.' });
      // It can be started again.
      expect((await next.call('lives.start', { liveId })).state).toBe('queued');
    } finally {
      next.close();
    }
  });

  it('after a crash, a runtime with recover() is handed the open runs and decides', async () => {
    const { liveId, runId } = await startDemo();
    const runtime = new FakeRuntime();
    runtime.withRecover = true;
    const next = await kit.reopen(runtime);
    try {
      expect(runtime.recovered?.map((o) => [o.live.id, o.run.id, o.run.state])).toEqual([[liveId, runId, 'queued']]);
      expect((await next.call('lives.get', { liveId })).state).toBe('queued');
    } finally {
      next.close();
    }
  });
});

describe('defense in depth: stream keys', () => {
  it('masks the run’s keys in log lines, events and reasons even if the runtime forgot to redact', async () => {
    const key = 'live_555555555_SecretSecretSecret';
    const live = await kit.call('lives.create', {
      ...demo,
      destinations: [{ name: 'Twitch', kind: 'twitch', streamKey: key }],
    });
    const runId = (await kit.call('lives.start', { liveId: live.id })).currentRunId ?? '';
    journal.appendLog(runId, [`[rtmp @ 0x1] Opening 'rtmp://live.twitch.tv/app/${key}' for writing`]);
    journal.recordRestart(runId, `FFmpeg exited: rtmp://live.twitch.tv/app/${key}: I/O error`);
    journal.transition(runId, 'failed', `Server refused ${key}`);
    journal.appendLog(runId, [`late line ${key}`]);
    const detail = await kit.call('lives.getRun', { runId });
    const everything = JSON.stringify([detail, kit.seen('run.log'), kit.seen('live.updated'), kit.notices]);
    expect(everything).not.toContain(key);
    expect(everything).not.toContain('SecretSecretSecret');
    expect(detail.log[0]).toBe("[rtmp @ 0x1] Opening 'rtmp://live.twitch.tv/app/••••cret' for writing");
    expect(detail.run.endReason).toBe('Server refused ••••cret');
  });
});
