import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityCheck } from '../../../electron/engine/storage/database';
import { mediaFixture } from '../../support/media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../support/nginx-rtmp';
import { waitFor } from '../../support/wait-for';
import { ffmpegPidsWith, startRestreamEngine } from '../../support/restream-engine';
import { spawnEngineHost } from '../../support/restream-engine-process';

// Keys are also process markers: unique per test process.
const ORPHAN_HUB_KEY = `orphan-hub-${process.pid}`;
const ORPHAN_DIRECT_KEY = `orphan-direct-${process.pid}`;

describe.skipIf(!nginxRtmpAvailable())('engine killed with SIGKILL while a live runs', () => {
  let peer: RtmpPeer;
  let workDir: string;
  beforeAll(async () => {
    peer = await startNginxRtmp({ keys: ['crash-key-0001', ORPHAN_HUB_KEY, ORPHAN_DIRECT_KEY] });
    workDir = await mkdtemp(path.join(tmpdir(), 'lm-engine-crash-'));
  });
  afterAll(async () => {
    await peer?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('no FFmpeg outlives a SIGKILLed engine by more than 5 s, with a direct-mode and a hub live running', async () => {
    const clip = path.join(workDir, 'orphan-drill-source.mp4');
    await copyFile(await mediaFixture('h264-aac-360p', 6), clip);
    const dataDir = path.join(workDir, 'data-orphans');
    const host = await spawnEngineHost({
      dataDir,
      sourceFile: clip,
      ingestUrl: peer.ingestUrl,
      streamKey: ORPHAN_HUB_KEY,
      directStreamKey: ORPHAN_DIRECT_KEY,
    });
    await peer.waitForBytes(ORPHAN_HUB_KEY, 10_000);
    await peer.waitForBytes(ORPHAN_DIRECT_KEY, 10_000);
    // The hub live's source and the direct live's one process read the clip; each key has its pusher.
    expect((await ffmpegPidsWith(clip)).length).toBe(2);
    expect((await ffmpegPidsWith(ORPHAN_DIRECT_KEY)).length).toBe(1);
    expect((await ffmpegPidsWith(ORPHAN_HUB_KEY)).length).toBe(1);
    expect((await ffmpegPidsWith(path.join(dataDir, 'hls'))).length).toBe(1);

    const exited = new Promise((resolve) => host.child.once('exit', resolve));
    host.child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    // No engine starts again on this folder: nothing but the dead engine's watchdog may act.
    const leftovers = async (): Promise<number[]> => [
      ...(await ffmpegPidsWith(clip)),
      ...(await ffmpegPidsWith(ORPHAN_DIRECT_KEY)),
      ...(await ffmpegPidsWith(ORPHAN_HUB_KEY)),
      ...(await ffmpegPidsWith(path.join(dataDir, 'hls'))),
    ];
    await waitFor(async () => (await leftovers()).length === 0, {
      timeoutMs: 5000,
      intervalMs: 50,
      what: 'every FFmpeg of the killed engine to exit',
    });
    expect(Date.now() - killedAt).toBeLessThan(5000);
    // And the ingest sees both publishers gone.
    await waitFor(async () => (await peer.streams()).every((s) => s.name !== ORPHAN_DIRECT_KEY || !s.publishing), {
      timeoutMs: 5000,
      what: 'the direct live to stop publishing',
    });
  });

  it('the next start leaves no FFmpeg of the old engine, marks the run interrupted, and the database is intact', async () => {
    // A private copy of the clip: its path marks this test's FFmpeg processes.
    const clip = path.join(workDir, 'crash-drill-source.mp4');
    await copyFile(await mediaFixture('h264-aac-360p', 6), clip);
    const dataDir = path.join(workDir, 'data');
    const host = await spawnEngineHost({ dataDir, sourceFile: clip, ingestUrl: peer.ingestUrl, streamKey: 'crash-key-0001' });
    await peer.waitForBytes('crash-key-0001', 10_000);
    expect((await ffmpegPidsWith(clip)).length).toBe(1);
    expect((await ffmpegPidsWith('crash-key-0001')).length).toBe(1);

    const exited = new Promise((resolve) => host.child.once('exit', resolve));
    host.child.kill('SIGKILL');
    await exited;

    const engine = await startRestreamEngine({}, dataDir);
    try {
      expect(await ffmpegPidsWith(clip)).toEqual([]);
      expect(await ffmpegPidsWith('crash-key-0001')).toEqual([]);
      expect(await ffmpegPidsWith(path.join(dataDir, 'hls'))).toEqual([]);
      const live = await engine.get(host.liveId);
      expect(live.state).toBe('interrupted');
      const detail = await engine.runDetail(host.liveId);
      expect(detail.run.endReason).toMatch(/engine stopped/);
      expect(integrityCheck(engine.engine.db)).toBe('ok');
      expect(engine.engine.db.prepare('SELECT COUNT(*) AS n FROM runtime_children').get()).toEqual({ n: 0 });
      // The policy is "interrupted, the streamer restarts": starting again works at once.
      await engine.start(host.liveId);
      await engine.waitForState(host.liveId, 'live');
      await engine.stop(host.liveId);
      await waitFor(async () => (await ffmpegPidsWith(clip)).length === 0, { what: 'the restarted live to stop' });
    } finally {
      await engine.close({ keepData: true });
    }
  });

  it("with recovery 'restart', the next engine starts a new run of the interrupted live by itself", async () => {
    const clip = path.join(workDir, 'crash-restart-source.mp4');
    await copyFile(await mediaFixture('h264-aac-360p', 6), clip);
    const dataDir = path.join(workDir, 'data-restart');
    const host = await spawnEngineHost({ dataDir, sourceFile: clip, ingestUrl: peer.ingestUrl, streamKey: 'crash-key-0001' });
    const exited = new Promise((resolve) => host.child.once('exit', resolve));
    host.child.kill('SIGKILL');
    await exited;

    const engine = await startRestreamEngine({ recovery: 'restart' }, dataDir);
    try {
      const live = await engine.waitForState(host.liveId, 'live');
      const { items: runs } = await engine.call<{ items: { id: string; state: string }[] }>('lives.listRuns', {
        liveId: host.liveId,
        limit: 5,
      });
      expect(runs.map((r) => r.state)).toEqual(['live', 'interrupted']);
      expect(live.currentRunId).toBe(runs[0]?.id);
      expect((await ffmpegPidsWith(clip)).length).toBe(1); // one source: the old one is gone
      await engine.stop(host.liveId);
    } finally {
      await engine.close({ keepData: true });
    }
  });
});
