/**
 * A live stopped while its source is still being probed: the probe must die with the stop, not
 * linger until its own timeout (a source that never answers, or one that made ffprobe listen,
 * kept ffprobe alive ~10 s after the live was stopped).
 */
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait-for';
import { startRestreamEngine, type RestreamEngine } from '../../support/restream-engine';

/** PIDs of running ffprobe processes whose command line contains `marker` (Linux /proc). */
async function ffprobePidsWith(marker: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
    if (/(^|\/)ffprobe$/.test(cmdline.split('\0')[0] ?? '') && cmdline.includes(marker)) pids.push(Number(entry));
  }
  return pids;
}

describe('lives.stop kills a probe in flight', () => {
  let silent: Server;
  let port = 0;
  const sockets: Socket[] = [];
  let engine: RestreamEngine;

  beforeAll(async () => {
    // Accepts the connection and never answers: ffprobe waits (15 s by default) for the HTTP reply.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    port = typeof address === 'object' && address ? address.port : 0;
    engine = await startRestreamEngine({ probeTimeoutMs: 60_000 });
  });
  afterAll(async () => {
    await engine?.close();
    for (const socket of sockets) socket.destroy();
    silent?.close();
  });

  it('an HTTP source that never answers: ffprobe is gone within 2 s of the stop, and no FFmpeg starts', async () => {
    const marker = `never-answers-${process.pid}`;
    const live = await engine.createLive({
      title: 'Probe stuck',
      source: { kind: 'url', format: 'http-ts', url: `http://127.0.0.1:${port}/${marker}.ts` },
      encoding: { mode: 'auto' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    await engine.start(live.id);
    await waitFor(async () => (await ffprobePidsWith(marker)).length === 1 && sockets.length > 0, {
      timeoutMs: 15_000,
      what: 'ffprobe to connect to the silent source',
    });
    const stoppedAt = Date.now();
    const stopped = await engine.stop(live.id);
    expect(stopped.state).toBe('ended');
    await waitFor(async () => (await ffprobePidsWith(marker)).length === 0, {
      timeoutMs: 2000,
      intervalMs: 50,
      what: 'ffprobe to be killed by the stop',
    });
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    // The stopped run does not go on to start FFmpeg once the probe returns.
    const detail = await engine.runDetail(live.id);
    expect(detail.run.state).toBe('ended');
    expect(detail.events.filter((e) => e.kind === 'note' && /Encoding|Sending the source/.test(e.reason ?? ''))).toEqual([]);
  });
});
