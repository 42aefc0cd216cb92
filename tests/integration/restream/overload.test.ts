import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStats } from '@shared/contract/lives';
import { mediaFixture } from '../../support/media';
import { waitFor } from '../../support/wait-for';
import { startRestreamEngine, type RestreamEngine } from '../../support/restream-engine';

const run = promisify(execFile);

/** The run.stats samples of a live, oldest first. */
function statsOf(engine: RestreamEngine, liveId: string): RunStats[] {
  return engine.events
    .filter((e) => e.event === 'run.stats' && (e.payload as { liveId: string }).liveId === liveId)
    .map((e) => (e.payload as { stats: RunStats }).stats);
}

async function notes(engine: RestreamEngine, liveId: string): Promise<string[]> {
  const detail = await engine.runDetail(liveId);
  return detail.events.filter((e) => e.kind === 'note').map((e) => e.reason ?? '');
}

/**
 * An HTTP-TS origin that serves a file at `factor` times its own bitrate: FFmpeg, which reads a
 * network source as fast as it comes, really runs at that speed (a provider slower than real
 * time, or a machine too busy to keep up: the same figures for the supervisor).
 */
async function slowOrigin(file: string, durationSec: number, factor: number): Promise<{ url: string; server: Server }> {
  const bytes = await readFile(file);
  const perTick = Math.ceil(((bytes.length / durationSec) * factor) / 10); // 10 writes a second
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp2t' });
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed || at >= bytes.length) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(bytes.subarray(at, at + perTick));
      at += perTick;
    }, 100);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/slow.ts`, server };
}

describe('overload: lives slower than real time, and starting on a saturated machine', () => {
  let load = 0;
  let engine: RestreamEngine;
  let queueing: RestreamEngine;
  let origin: { url: string; server: Server };
  const tsFile = path.join(tmpdir(), `lm-overload-${process.pid}.ts`);

  beforeAll(async () => {
    engine = await startRestreamEngine({ machineLoad: () => load });
    queueing = await startRestreamEngine({ machineLoad: () => load, overload: 'queue' });
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      await mediaFixture('h264-aac-360p', 40),
      '-c',
      'copy',
      '-f',
      'mpegts',
      tsFile,
    ]);
    origin = await slowOrigin(tsFile, 40, 0.5);
  });
  afterAll(async () => {
    await engine?.close();
    await queueing?.close();
    origin?.server.close();
    await rm(tsFile, { force: true });
  });

  it('a live running at 0.5× real time for 10 s is marked degraded: health in its figures, a note, a notice', async () => {
    const live = await engine.createLive({
      title: 'Slow origin',
      source: { kind: 'url', url: origin.url, format: 'http-ts' },
      encoding: { mode: 'preset', preset: 'economical' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    expect(statsOf(engine, live.id).some((s) => s.health === 'degraded')).toBe(false);
    const degraded = await waitFor(() => statsOf(engine, live.id).find((s) => s.health === 'degraded'), {
      timeoutMs: 30_000,
      what: 'a degraded sample',
    });
    // The current speed (last 5 s), not FFmpeg's average since the start.
    expect(degraded.speed).toBeGreaterThan(0.3);
    expect(degraded.speed).toBeLessThan(0.8);
    expect(degraded.average?.speed).toBeLessThan(0.95);
    expect((await notes(engine, live.id)).some((n) => /^Degraded: running at 0\.\d\d× real time for 10 s/.test(n))).toBe(true);
    expect(engine.notices).toContainEqual(
      expect.objectContaining({ kind: 'live.degraded', liveId: live.id, speed: expect.any(Number) }),
    );
    // Still on air: degraded is a health, not a state.
    expect((await engine.get(live.id)).state).toBe('live');
    await engine.stop(live.id);
  }, 60_000);

  it('starting an encoding live on a saturated machine warns, and it starts', async () => {
    load = 3;
    try {
      const live = await engine.createLive({
        title: 'Encoding on a busy machine',
        source: { kind: 'testPattern' },
        destinations: [{ name: 'Preview', kind: 'hls-local' }],
      });
      await engine.start(live.id);
      await engine.waitForState(live.id, 'live');
      expect(await notes(engine, live.id)).toContainEqual(
        expect.stringMatching(/^The machine is saturated \(load 3\.0 per core\): this live encodes/),
      );
      await engine.stop(live.id);
    } finally {
      load = 0;
    }
  });

  it("the admin's setting 'queue' (lives.updateSettings) makes the next start on a saturated machine wait in queued", async () => {
    expect(await engine.call('lives.getSettings', {})).toEqual({ overloadPolicy: 'warn' });
    expect(await engine.call('lives.updateSettings', { overloadPolicy: 'queue' })).toEqual({ overloadPolicy: 'queue' });
    load = 3;
    const live = await engine.createLive({
      title: 'Queued by the setting',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    try {
      await engine.start(live.id);
      await waitFor(async () => (await notes(engine, live.id)).some((n) => n.startsWith('Waiting: the machine is saturated')), {
        what: 'the waiting note',
      });
      expect((await engine.get(live.id)).state).toBe('queued');
      await engine.stop(live.id);
    } finally {
      load = 0;
      await engine.call('lives.updateSettings', { overloadPolicy: 'warn' });
      await engine.stop(live.id).catch(() => undefined);
    }
    expect(await engine.call('lives.getSettings', {})).toEqual({ overloadPolicy: 'warn' });
  });

  it("with overload 'queue', an encoding live waits in queued until the machine has room; a live that copies does not", async () => {
    load = 3;
    const clip = await mediaFixture('h264-aac-360p', 6);
    const encoding = await queueing.createLive({
      title: 'Waits for room',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    const copying = await queueing.createLive({
      title: 'Copies',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    try {
      await queueing.start(encoding.id);
      await waitFor(
        async () => (await notes(queueing, encoding.id)).some((n) => n.startsWith('Waiting: the machine is saturated')),
        {
          what: 'the waiting note',
        },
      );
      expect((await queueing.get(encoding.id)).state).toBe('queued');
      await queueing.start(copying.id);
      await queueing.waitForState(copying.id, 'live');
      expect((await notes(queueing, copying.id)).some((n) => /saturated/.test(n))).toBe(false);
      expect((await queueing.get(encoding.id)).state).toBe('queued');
      load = 0.2;
      await queueing.waitForState(encoding.id, 'live');
      expect(await notes(queueing, encoding.id)).toContain('The machine has room again: starting.');
    } finally {
      load = 0;
      for (const id of [encoding.id, copying.id]) await queueing.stop(id).catch(() => undefined);
    }
  }, 60_000);
});
