import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import { mediaFixture } from '../../../tests/support/media';
import { waitFor } from '../../../tests/support/wait-for';
import { ffmpegTools } from './ffmpeg-tools';
import { parseVersionLine } from './locate';
import { runOnce } from './run-once';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lm-tools-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Pids whose command line holds `marker` (Linux /proc): is that FFmpeg still running? */
function processesWith(marker: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false; // ended meanwhile
      }
    })
    .map(Number);
}

/** An FFmpeg that never ends by itself (a real-time test pattern to nowhere), tagged to be found in /proc. */
const endless = (marker: string): string[] =>
  ['-hide_banner', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10'].concat([
    '-metadata',
    `title=${marker}`,
    '-f',
    'null',
    '-',
  ]);

describe('FfmpegTools against the real FFmpeg', () => {
  const tools = ffmpegTools();

  it('locate: ffmpeg and ffprobe on PATH, with the version they print', async () => {
    const [ffmpeg, ffprobe] = await Promise.all([tools.locate('ffmpeg'), tools.locate('ffprobe')]);
    const printed = parseVersionLine(execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }), 'ffmpeg');
    expect(ffmpeg).toMatchObject({ found: true, source: 'path', version: printed });
    expect(ffprobe).toMatchObject({ found: true, source: 'path' });
    expect(await tools.paths()).toEqual({
      ffmpeg: ffmpeg.found ? ffmpeg.path : '',
      ffprobe: ffprobe.found ? ffprobe.path : '',
    });
  });

  it('locate: a missing FFmpeg is a reason with an install hint, and paths() is UNAVAILABLE', async () => {
    const none = ffmpegTools({ explicitPath: path.join(dir, 'nowhere'), env: { PATH: '' } });
    const ffmpeg = await none.locate('ffmpeg');
    expect(ffmpeg.found).toBe(false);
    expect(!ffmpeg.found && ffmpeg.reason).toMatch(/ffmpeg not found.*Install/s);
    const error = await none.paths().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect(await none.capabilities()).toBeNull();
    expect(await none.probe(path.join(dir, 'x.mp4'))).toMatchObject({ ok: false, kind: 'unreadable' });
  });

  it('capabilities: encoders and protocols of the located ffmpeg, asked once', async () => {
    const caps = await tools.capabilities();
    expect(caps?.supports).toMatchObject({ libx264: true, aac: true, rtmpOut: true, concat: true });
    expect(await tools.capabilities()).toBe(caps);
  });

  it('probe: a real file → its streams', async () => {
    const outcome = await tools.probe(await mediaFixture('h264-aac-360p', 2));
    expect(outcome.ok && outcome.probe.video[0]).toMatchObject({ codec: 'h264', width: 640, height: 360 });
    expect(outcome.ok && outcome.probe.audio[0]?.codec).toBe('aac');
  });

  it('run: to completion, stdout and exit code', async () => {
    const result = await tools.run('ffmpeg', ['-hide_banner', '-version']);
    expect(result).toMatchObject({ ended: 'exit', code: 0 });
    expect(result.stdout).toMatch(/^ffmpeg version /);
    const failed = await tools.run('ffprobe', ['-hide_banner', '-i', path.join(dir, 'missing.mp4')]);
    expect(failed).toMatchObject({ ended: 'exit', code: 1 });
    expect(failed.stderr).toMatch(/No such file/);
  });

  it('run: arguments are passed as they are, never through a shell', async () => {
    const planted = path.join(dir, 'planted');
    const result = await tools.run('ffprobe', ['-hide_banner', '-i', `${dir}/a.mp4; touch ${planted} $(touch ${planted})`]);
    expect(result.ended).toBe('exit');
    expect(result.stderr).toContain(`a.mp4; touch ${planted}`);
    expect(existsSync(planted)).toBe(false);
  });

  it('run: a timeout kills the process and says so', async () => {
    const marker = `lm-timeout-${randomUUID()}`;
    const started = Date.now();
    const result = await tools.run('ffmpeg', endless(marker), { timeoutMs: 800 });
    expect(result.ended).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(10_000);
    await waitFor(() => processesWith(marker).length === 0, { timeoutMs: 5_000, what: 'the timed-out FFmpeg to be gone' });
  });

  it('run: aborting kills the process at once', async () => {
    const marker = `lm-abort-${randomUUID()}`;
    const controller = new AbortController();
    const running = tools.run('ffmpeg', endless(marker), { signal: controller.signal, timeoutMs: 60_000 });
    await waitFor(() => processesWith(marker).length > 0, { what: 'FFmpeg to be running' });
    controller.abort();
    expect(await running).toMatchObject({ ended: 'aborted' });
    await waitFor(() => processesWith(marker).length === 0, { timeoutMs: 5_000, what: 'the aborted FFmpeg to be gone' });
    // Already aborted: nothing is started.
    expect(await tools.run('ffmpeg', ['-version'], { signal: controller.signal })).toMatchObject({ ended: 'aborted' });
  });

  it('run: output past the cap ends it instead of filling memory', async () => {
    expect(await tools.run('ffmpeg', ['-hide_banner', '-encoders'], { maxOutputBytes: 200 })).toMatchObject({
      ended: 'overflow',
    });
  });

  it('runOnce: a binary that does not exist is notStarted, not a throw', async () => {
    expect(await runOnce(path.join(dir, 'no-such-ffmpeg'), ['-version'])).toMatchObject({
      ended: 'notStarted',
      errorCode: 'ENOENT',
    });
  });
});
