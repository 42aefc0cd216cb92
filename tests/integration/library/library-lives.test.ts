import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryItem } from '@shared/contract/library';
import type { Live, LiveState, RunDetail } from '@shared/contract/lives';
import { ALICE, BOB, startLibraryEngine, type LibraryTestEngine } from '../../support/library/library-engine';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../support/nginx-rtmp';
import { waitFor } from '../../support/wait-for';

const run = promisify(execFile);
const AUDIO_KEY = `library-audio-${process.pid}`;
const SUBS_KEY = `library-subs-${process.pid}`;

/**
 * A black picture with two audio tracks, English silent and French a loud tone, and a French
 * text subtitle filling the frame: which track reached the ingest is heard, a burnt subtitle seen.
 */
async function twoLanguageFile(dir: string, name: string, seconds: number): Promise<string> {
  const srt = path.join(dir, `${name}.srt`);
  await writeFile(srt, `1\n00:00:00,000 --> 00:10:00,000\n████████ ████████\n████████ ████████\n`);
  const file = path.join(dir, `${name}.mkv`);
  const lavfi = (graph: string): string[] => ['-f', 'lavfi', '-t', String(seconds), '-i', graph];
  await run('ffmpeg', [
    ...['-v', 'error', '-y'],
    ...lavfi('color=c=black:s=640x360:r=25'),
    ...lavfi('anullsrc=r=48000:cl=stereo'),
    ...lavfi('sine=frequency=1000:sample_rate=48000'),
    ...['-i', srt],
    ...['-map', '0:v', '-map', '1:a', '-map', '2:a', '-map', '3:s'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-c:a', 'aac', '-c:s', 'srt'],
    ...['-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fre', '-metadata:s:s:0', 'language=fra'],
    file,
  ]);
  return file;
}

/** Reads the ingest for a few seconds: ffprobe's error ends the read when nginx stops sending. */
async function atIngest(args: string[], url: string): Promise<string> {
  const result = await run('ffmpeg', ['-v', 'info', '-rw_timeout', '5000000', '-i', url, ...args, '-f', 'null', '-'], {
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stderr?: string }) => ({ stderr: error.stderr ?? '' }));
  return result.stderr;
}

describe.skipIf(!nginxRtmpAvailable())(
  'lives from library items: the chosen audio language and subtitles reach the ingest',
  () => {
    let peer: RtmpPeer;
    let engine: LibraryTestEngine;
    let workDir: string;
    let items: LibraryItem[];
    beforeAll(async () => {
      workDir = await mkdtemp(path.join(tmpdir(), 'lm-library-lives-'));
      peer = await startNginxRtmp({ keys: [AUDIO_KEY, SUBS_KEY] });
      engine = await startLibraryEngine();
      const files = [await twoLanguageFile(workDir, 'episode-1', 5), await twoLanguageFile(workDir, 'episode-2', 5)];
      await engine.importAndWait(files, 'copy');
      items = await engine.items();
    }, 120_000);
    afterAll(async () => {
      await engine?.close();
      await peer?.close();
      await rm(workDir, { recursive: true, force: true });
    });

    const waitForState = (liveId: string, state: LiveState, timeoutMs: number): Promise<Live> =>
      waitFor(
        async () => {
          const live = await engine.call<Live>('lives.get', { liveId });
          return live.state === state ? live : undefined;
        },
        { timeoutMs, what: `live ${liveId} to be ${state}` },
      );

    it('a playlist of two library items plays their French audio track (the second), not the first', async () => {
      expect(items).toHaveLength(2);
      expect(items.every((i) => i.media?.audio.map((a) => a.language).join() === 'eng,fre')).toBe(true);
      const live = await engine.call<Live>('lives.create', {
        title: 'French playlist',
        source: { kind: 'playlist', paths: items.map((i) => i.path), audioLanguage: 'fra', shuffle: true },
        destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: AUDIO_KEY }],
      });
      await engine.call('lives.start', { liveId: live.id });
      await waitForState(live.id, 'live', 45_000);
      const report = await atIngest(['-map', '0:a:0', '-t', '4', '-af', 'volumedetect'], peer.publishUrl(AUDIO_KEY));
      await waitForState(live.id, 'ended', 45_000);
      const mean = Number(/mean_volume: (-?[\d.]+) dB/.exec(report)?.[1] ?? '-inf');
      // The English track is silence (-91 dB); the French one a full-scale tone (about -21 dB).
      expect(mean).toBeGreaterThan(-40);
    }, 120_000);

    it('a library item with its French subtitles burnt in: the ingest sees the white text on the black picture', async () => {
      const [item] = items;
      const live = await engine.call<Live>('lives.create', {
        title: 'Subtitled',
        source: { kind: 'file', path: item?.path ?? '', audioLanguage: 'eng', burnInSubtitles: { language: 'fra' } },
        destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: SUBS_KEY }],
      });
      await engine.call('lives.start', { liveId: live.id });
      await waitForState(live.id, 'live', 45_000);
      const report = await atIngest(
        ['-map', '0:v:0', '-frames:v', '5', '-vf', 'signalstats,metadata=print:key=lavfi.signalstats.YMAX'],
        peer.publishUrl(SUBS_KEY),
      );
      await waitForState(live.id, 'ended', 45_000);
      const peaks = [...report.matchAll(/lavfi\.signalstats\.YMAX=(\d+)/g)].map((m) => Number(m[1]));
      expect(peaks.length).toBeGreaterThan(0);
      // Black video peaks at 16; the burnt-in text is white.
      expect(Math.min(...peaks)).toBeGreaterThan(150);
    }, 120_000);

    it('a language the file does not have fails the start with a sentence naming what it has', async () => {
      const [item] = items;
      const live = await engine.call<Live>('lives.create', {
        title: 'German?',
        source: { kind: 'file', path: item?.path ?? '', audioLanguage: 'deu' },
        destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: SUBS_KEY }],
      });
      await engine.call('lives.start', { liveId: live.id });
      await waitForState(live.id, 'failed', 30_000);
      const { items: runs } = await engine.call<{ items: { id: string }[] }>('lives.listRuns', { liveId: live.id, limit: 1 });
      const detail = await engine.call<RunDetail>('lives.getRun', { runId: runs[0]?.id });
      expect(detail.run.endReason).toContain('This file has no audio track in “deu” (it has: eng, fre).');
    }, 60_000);
  },
);

describe('a shared engine confines lives to their owner’s library', () => {
  let engine: LibraryTestEngine;
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'lm-library-confined-'));
    engine = await startLibraryEngine({ mode: 'shared' });
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('Alice plays her own item; Bob’s item and a file outside every library are refused', async () => {
    // Files as an upload leaves them, in each user's own library folder.
    const file = await twoLanguageFile(workDir, 'shared', 2);
    const users = path.join(engine.dataDir, 'media', 'users');
    const mine = path.join(users, ALICE.userId, 'mine.mkv');
    const his = path.join(users, BOB.userId, 'his.mkv');
    for (const copy of [mine, his]) {
      await mkdir(path.dirname(copy), { recursive: true });
      await copyFile(file, copy);
    }
    const create = (paths: string[]): Promise<unknown> =>
      engine.call(
        'lives.create',
        { title: 'Mine', source: { kind: 'playlist', paths }, destinations: [{ name: 'Preview', kind: 'hls-local' }] },
        ALICE,
      );
    await expect(create([mine])).resolves.toBeTruthy();
    await expect(create([mine, his])).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
      issues: [{ path: ['source', 'paths', 1] }],
    });
    await expect(create([file])).rejects.toMatchObject({ code: 'INVALID_PARAMS', issues: [{ path: ['source', 'paths', 0] }] });
    // A link in her folder to Bob's file is his file.
    const link = path.join(users, ALICE.userId, 'link.mkv');
    await symlink(his, link);
    await expect(create([link])).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
  }, 60_000);
});
