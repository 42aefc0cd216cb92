import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentBundle, attach, createAdminAccount, startServe } from '../support/agent-process';
import { waitFor } from '../support/wait-for';
import { ffmpegPidsWith } from '../support/restream-engine';

const ADMIN = { email: 'boss@example.com', password: 'a long admin password' };
const SHUTDOWN_REASON = 'The engine was shut down while this live was running.';

/**
 * A graceful stop is visible in what FFmpeg leaves: an HLS playlist it finished ends with
 * #EXT-X-ENDLIST, which a killed FFmpeg never writes.
 */
describe('livemanager-agent serve on SIGTERM', { timeout: 180_000 }, () => {
  let agentJs: string;
  const dirs: string[] = [];
  beforeAll(async () => {
    agentJs = await agentBundle();
  });
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** serve with one HLS live on air; resolves once FFmpeg has written a segment. */
  async function liveOnAir() {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'lm-ag-'));
    dirs.push(dataDir);
    await createAdminAccount(agentJs, dataDir, ADMIN.email, ADMIN.password);
    const serve = await startServe(agentJs, dataDir);
    const { client, close } = attach(agentJs, dataDir);
    await client.api.auth.login(ADMIN);
    const live = await client.api.lives.create({
      title: 'Night loop',
      source: { kind: 'testPattern' },
      loop: { kind: 'once' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    await client.api.lives.start({ liveId: live.id });
    const playlist = path.join(dataDir, 'hls', live.id, 'index.m3u8');
    await waitFor(async () => existsSync(playlist) && (await readFile(playlist, 'utf8')).includes('#EXTINF'), {
      timeoutMs: 60_000,
      what: 'the first HLS segment',
    });
    await close();
    const ffmpeg = await ffmpegPidsWith(live.id);
    expect(ffmpeg.length).toBeGreaterThan(0);
    return { dataDir, serve, liveId: live.id, playlist, ffmpeg };
  }

  async function expectInterruptedAfterRestart(dataDir: string, liveId: string): Promise<void> {
    const again = await startServe(agentJs, dataDir);
    try {
      const { client, close } = attach(agentJs, dataDir);
      await client.api.auth.login(ADMIN);
      expect((await client.api.lives.get({ liveId })).state).toBe('interrupted');
      const [run] = (await client.api.lives.listRuns({ liveId, limit: 1 })).items;
      expect(run).toMatchObject({ state: 'interrupted', endReason: SHUTDOWN_REASON });
      await close();
    } finally {
      expect(await again.stop()).toBe(0);
    }
  }

  it('asks every FFmpeg to finish (q), closes the runs, then exits 0', async () => {
    const { dataDir, serve, liveId, playlist } = await liveOnAir();
    const started = Date.now();
    expect(await serve.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await readFile(playlist, 'utf8')).toMatch(/#EXT-X-ENDLIST\s*$/);
    expect(await ffmpegPidsWith(liveId)).toEqual([]);
    expect(serve.stderr()).toContain('SIGTERM: stopping the lives, then exiting');
    await expectInterruptedAfterRestart(dataDir, liveId);
  });

  it('stops as cleanly when SIGTERM reaches every process at once (systemd KillMode=control-group)', async () => {
    const { dataDir, serve, liveId, playlist, ffmpeg } = await liveOnAir();
    for (const pid of [serve.child.pid ?? 0, ...ffmpeg]) process.kill(pid, 'SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(await readFile(playlist, 'utf8')).toMatch(/#EXT-X-ENDLIST\s*$/);
    // No FFmpeg was restarted behind the engine's back while it stopped.
    expect(await ffmpegPidsWith(liveId)).toEqual([]);
    await expectInterruptedAfterRestart(dataDir, liveId);
  });
});
