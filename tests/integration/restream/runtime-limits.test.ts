import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaFixture } from '../../support/media';
import { waitFor } from '../../support/wait-for';
import { ffmpegPidsWith, startRestreamEngine, type RestreamEngine } from '../../support/restream-engine';

/**
 * Graceful stop, stale detection and the process limit, on lives that only write the local
 * HLS preview (no ingest needed). One output: each live runs in direct mode, as ONE FFmpeg that
 * reads the clip and writes the preview (the hub's stop ladder is covered by passthrough.test.ts).
 */
describe('restream runtime: stop ladder, stale detection, process limit', () => {
  let engine: RestreamEngine;
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'lm-limits-'));
    engine = await startRestreamEngine({
      maxProcesses: 2, // two direct lives (one FFmpeg each)
      staleMs: 3000,
      stopTimings: { finishMs: 1000, termMs: 1000 },
    });
  });
  afterAll(async () => {
    await engine?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  async function previewLive(name: string): Promise<{ id: string; clip: string }> {
    const clip = path.join(workDir, `${name}.mp4`);
    await copyFile(await mediaFixture('h264-aac-360p', 6), clip);
    const live = await engine.createLive({
      title: name,
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    return { id: live.id, clip };
  }

  async function onlyPid(marker: string): Promise<number> {
    const [pid] = await waitFor(async () => {
      const pids = await ffmpegPidsWith(marker);
      return pids.length === 1 ? pids : undefined;
    });
    return pid as number;
  }

  it('lives beyond the process limit wait in queued and start in order as slots free', async () => {
    const zeroth = await previewLive('queue-zeroth');
    const first = await previewLive('queue-first');
    const second = await previewLive('queue-second');
    await engine.start(zeroth.id);
    await engine.start(first.id);
    await engine.waitForState(first.id, 'live');
    expect(await ffmpegPidsWith(first.clip)).toHaveLength(1); // direct: one process per live
    const queued = await engine.start(second.id);
    expect(queued.state).toBe('queued');
    expect(await ffmpegPidsWith(second.clip)).toEqual([]);
    const detail = await engine.runDetail(second.id);
    expect(detail.events.some((e) => e.kind === 'note' && /Waiting for a free FFmpeg slot \(2 of 2/.test(e.reason ?? ''))).toBe(
      true,
    );

    await engine.stop(first.id);
    await engine.waitForState(second.id, 'live');
    expect(engine.states.get(second.id)).toEqual(['draft', 'queued', 'starting', 'live']);
    await engine.stop(second.id);
    await engine.stop(zeroth.id);
  });

  it('stop asks FFmpeg to finish (q, end of input), never SIGKILL first', async () => {
    const live = await previewLive('graceful');
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    await engine.stop(live.id);
    const log = (await engine.runDetail(live.id)).log.join('\n');
    expect(log).toMatch(/\[source\] FFmpeg \d+ ended by q \(code 0\)/);
    expect(log.match(/FFmpeg \d+ ended by/g)).toHaveLength(1); // the one direct process
    expect(log).not.toMatch(/SIGKILL|SIGTERM/);
  });

  it('a stop is bounded: an FFmpeg that does not answer gets SIGTERM, then SIGKILL of its group', async () => {
    const live = await previewLive('frozen');
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    process.kill(await onlyPid(live.clip), 'SIGSTOP'); // frozen: reads no `q`, handles no SIGTERM
    const started = Date.now();
    await engine.stop(live.id);
    expect(Date.now() - started).toBeLessThan(1000 + 1000 + 2500);
    const log = (await engine.runDetail(live.id)).log.join('\n');
    expect(log).toMatch(/\[source\] FFmpeg \d+ ended by SIGKILL/);
    expect(await ffmpegPidsWith(live.clip)).toEqual([]);
  });

  it('a file played once ends the live by itself, its one FFmpeg exiting cleanly', async () => {
    const clip = path.join(workDir, 'play-once.mp4');
    await copyFile(await mediaFixture('h264-aac-360p', 4), clip);
    const live = await engine.createLive({
      title: 'Play once',
      source: { kind: 'file', path: clip },
      loop: { kind: 'once' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'ended', 30_000);
    expect(engine.states.get(live.id)).toEqual(['draft', 'queued', 'starting', 'live', 'ended']);
    const detail = await engine.runDetail(live.id);
    expect(detail.run.endReason).toBe('The source reached its end.');
    expect(detail.run.restarts).toBe(0);
    const log = detail.log.join('\n');
    expect(log).toMatch(/\[source\] FFmpeg \d+ ended by self \(code 0\)/);
    expect(log.match(/FFmpeg \d+ ended by/g)).toHaveLength(1);
    expect(await ffmpegPidsWith(clip)).toEqual([]);
  });

  it('a missing source file fails the live at once with a sentence, without starting FFmpeg', async () => {
    const missing = path.join(workDir, 'deleted-after-scheduling.mp4');
    const live = await engine.createLive({
      title: 'Missing file',
      source: { kind: 'file', path: missing },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'failed');
    const detail = await engine.runDetail(live.id);
    expect(detail.run.endReason).toMatch(/could not be found/);
    expect(detail.run.restarts).toBe(0);
    expect(await ffmpegPidsWith(missing)).toEqual([]);
  });

  it('no progress for the stale period counts as a crash: the stalled FFmpeg is replaced', async () => {
    const live = await previewLive('stalled');
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    const hlsMarker = path.join('hls', live.id);
    const stalled = await onlyPid(hlsMarker);
    process.kill(stalled, 'SIGSTOP');
    await waitFor(
      async () =>
        (await engine.runDetail(live.id)).events.some((e) => e.kind === 'restart' && /no progress for 3 s/.test(e.reason ?? '')),
      {
        timeoutMs: 20_000,
        what: 'a stale restart',
      },
    );
    await engine.waitForState(live.id, 'live');
    const replacement = await onlyPid(hlsMarker);
    expect(replacement).not.toBe(stalled);
    await engine.stop(live.id);
  });
});
