import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '@shared/contract/outputs';
import { mediaFixture, probeStreams } from '../../support/media';
import { startAudienceEngine, type AudienceEngine } from '../../support/outputs/audience-engine';
import { waitFor } from '../../support/wait-for';

/**
 * Issue 14 §1 and §7: FFmpeg as the player (what VLC and Jellyfin do) reads the fixed
 * `/live.m3u8` while what feeds the output switches twice. It must keep decoding without
 * stopping, and the playlist must mark each change with a discontinuity.
 */

interface PlayerProgress {
  frames: number;
  exited: boolean;
  stderr: string;
}

/** `ffmpeg -i <playlist>` decoding to nothing, reporting its frame count through `-progress`. */
function startPlayer(url: string): { child: ChildProcess; progress: PlayerProgress } {
  const child = spawn(
    'ffmpeg',
    ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', url, '-map', '0:v:0', '-f', 'null', '-', '-progress', 'pipe:1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const progress: PlayerProgress = { frames: 0, exited: false, stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    for (const match of chunk.matchAll(/^frame=(\d+)$/gm)) progress.frames = Number(match[1]);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (progress.stderr = (progress.stderr + chunk).slice(-4000)));
  child.on('exit', () => (progress.exited = true));
  return { child, progress };
}

/** Every playlist the test saw, to check numbering and markers afterwards. */
interface PlaylistWatch {
  readonly mediaSequences: number[];
  /** Sequence numbers of the segments that carried `#EXT-X-DISCONTINUITY`. */
  readonly discontinuities: Set<number>;
  programDateTimes: number;
  stop(): Promise<void>;
}

function watchPlaylist(url: string): PlaylistWatch {
  let running = true;
  const watch: PlaylistWatch = {
    mediaSequences: [],
    discontinuities: new Set(),
    programDateTimes: 0,
    stop: async () => {
      running = false;
      await loop;
    },
  };
  const loop = (async () => {
    while (running) {
      const text = await fetch(url)
        .then((r) => r.text())
        .catch(() => '');
      const first = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? Number.NaN);
      if (Number.isFinite(first)) {
        watch.mediaSequences.push(first);
        let seq = first;
        let marked = false;
        for (const line of text.split('\n')) {
          if (line === '#EXT-X-DISCONTINUITY') marked = true;
          if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) watch.programDateTimes += 1;
          if (line !== '' && !line.startsWith('#')) {
            if (marked) watch.discontinuities.add(seq);
            marked = false;
            seq += 1;
          }
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return watch;
}

describe('a player on /live.m3u8 across switches of the feeding live', () => {
  let audience: AudienceEngine;
  let output: Output;

  beforeAll(async () => {
    audience = await startAudienceEngine();
    output = await audience.createOutput({ slug: 'salon', title: 'Salon', access: 'open' });
  });
  afterAll(async () => audience?.close());

  const feed = async (): Promise<Output['feed']> => {
    const { items } = await audience.call<{ items: Output[] }>('outputs.list');
    const found = items.find((o) => o.id === output.id);
    if (!found) throw new Error('The output disappeared.');
    return found.feed;
  };
  const feedIs = (state: 'live' | 'slate', liveId: string | null, timeoutMs = 40_000) =>
    waitFor(
      async () => {
        const now = await feed();
        return now.state === state && now.liveId === liveId ? now : undefined;
      },
      { timeoutMs, what: `the output to show ${state} ${liveId ?? ''}` },
    );

  it('plays the slate before any live, then keeps ffmpeg decoding through two switches, each a discontinuity', async () => {
    const base = audience.base ?? '';
    const url = `${base}/live.m3u8`;
    expect(output.isDefault).toBe(true);

    // Nothing feeds it yet: the slate, never a 404.
    const slate = await waitFor(
      async () => {
        const r = await fetch(url);
        const text = await r.text();
        return r.status === 200 && text.includes('#EXTINF') ? { r, text } : undefined;
      },
      { timeoutMs: 30_000, what: 'the slate to be listed' },
    );
    expect(slate.r.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect((await feed()).state).toBe('slate');

    const clip = await mediaFixture('h264-aac-360p', 10);
    const a = await audience.createFeeder('Camera A', { kind: 'file', path: clip }, output.id);
    const b = await audience.createFeeder('Camera B', { kind: 'testPattern' }, output.id);
    await audience.start(a.id);
    await feedIs('live', a.id);

    const watch = watchPlaylist(url);
    const { child, progress } = startPlayer(url);
    try {
      // Each phase: the player must decode at least ~3 s of new frames (25 fps clip) after it begins.
      const playsOn = async (what: string) => {
        const from = progress.frames;
        await waitFor(() => progress.frames >= from + 75 || progress.exited, { timeoutMs: 40_000, what });
        expect(progress.exited, `ffmpeg stopped during ${what}: ${progress.stderr}`).toBe(false);
      };
      await playsOn('playback of camera A');

      // Switch 1: the newest feeding live takes over.
      await audience.start(b.id);
      await feedIs('live', b.id);
      await playsOn('playback after switching to camera B');

      // Switch 2: camera B stops, camera A (still running) feeds the output again.
      await audience.stop(b.id);
      await feedIs('live', a.id);
      await playsOn('playback after switching back to camera A');
    } finally {
      await watch.stop();
      child.kill('SIGTERM');
      await waitFor(() => progress.exited, { timeoutMs: 10_000, what: 'ffmpeg to exit' });
    }

    // Numbers only grow; program date-time on every segment; a discontinuity at each change
    // (slate → A, A → B, B → A: at least the two switches seen while the watch ran).
    expect(watch.mediaSequences.length).toBeGreaterThan(10);
    for (let i = 1; i < watch.mediaSequences.length; i++) {
      expect(watch.mediaSequences[i]).toBeGreaterThanOrEqual(watch.mediaSequences[i - 1] ?? 0);
    }
    expect(watch.programDateTimes).toBeGreaterThan(0);
    expect(watch.discontinuities.size).toBeGreaterThanOrEqual(2);

    // ffprobe, as Jellyfin probes a tuner, finds a video and an audio stream at the same address.
    const streams = await probeStreams(url);
    expect(streams.map((s) => s.codecType).sort()).toEqual(['audio', 'video']);
    await audience.stop(a.id);
    await feedIs('slate', null);
  }, 180_000);
});
