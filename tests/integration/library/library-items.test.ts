import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress, LibraryItem } from '@shared/contract/library';
import { bilingualClip, ordinaryClip } from '../../support/library/hostile-corpus';
import { startLibraryEngine, type LibraryTestEngine } from '../../support/library/library-engine';
import { waitFor } from '../../support/wait-for';

const run = promisify(execFile);

let engine: LibraryTestEngine;
let work: string;
let bilingual: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'lm-library-items-'));
  bilingual = await bilingualClip(path.join(work, 'bilingual.mp4'), 6);
  engine = await startLibraryEngine({ log: () => undefined });
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await rm(work, { recursive: true, force: true });
});

async function importOne(file: string, mode: 'copy' | 'move' | 'reference' = 'copy'): Promise<LibraryItem> {
  const before = new Set((await engine.items()).map((i) => i.id));
  await engine.importAndWait([file], mode);
  const added = (await engine.items()).filter((i) => !before.has(i.id));
  expect(added).toHaveLength(1);
  return added[0] as LibraryItem;
}

interface FfprobeStream {
  index: number;
  codec_type: string;
  codec_name: string;
  profile?: string;
  level?: number;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  channels?: number;
  sample_rate?: string;
  tags?: { language?: string };
}

describe('probe', () => {
  it('reports what ffprobe itself reads: container, duration, every track with its language', async () => {
    const item = await importOne(bilingual);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-of', 'json', '-show_streams', '-show_format', item.path]);
    const truth = JSON.parse(stdout) as {
      format: { format_name: string; duration: string; bit_rate: string };
      streams: FfprobeStream[];
    };
    const media = item.media;
    expect(media).not.toBeNull();
    expect(media?.container).toBe(truth.format.format_name);
    expect(media?.durationSec).toBeCloseTo(Number(truth.format.duration), 3);
    expect(media?.bitRate).toBe(Number(truth.format.bit_rate));
    const video = truth.streams.find((s) => s.codec_type === 'video');
    expect(media?.video).toMatchObject({
      index: video?.index,
      codec: video?.codec_name,
      profile: video?.profile,
      level: video?.level,
      width: video?.width,
      height: video?.height,
      fps: 25,
    });
    const audio = truth.streams.filter((s) => s.codec_type === 'audio');
    expect(media?.audio.map((a) => [a.index, a.codec, a.channels, a.sampleRate, a.language])).toEqual(
      audio.map((a) => [a.index, a.codec_name, a.channels, Number(a.sample_rate), a.tags?.language]),
    );
    expect(media?.audio.map((a) => a.position)).toEqual([0, 1]);
    const subtitle = truth.streams.find((s) => s.codec_type === 'subtitle');
    expect(media?.subtitles).toEqual([
      expect.objectContaining({ index: subtitle?.index, codec: 'mov_text', language: 'fra', kind: 'text', position: 0 }),
    ]);
    expect(item.verdict?.kind).toBe('asIs');
    expect(item.verdict?.platforms.map((p) => p.id)).toEqual(['youtube-primary', 'twitch', 'facebook']);
  });

  it('reads chapters', async () => {
    const meta = path.join(work, 'chapters.txt');
    await writeFile(
      meta,
      ';FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=2000\ntitle=Intro\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=2000\nEND=4000\ntitle=Main part\n',
    );
    const plain = await ordinaryClip(path.join(work, 'plain.mp4'), 4, { tone: 880 });
    const withChapters = path.join(work, 'chapters.mp4');
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      plain,
      '-i',
      meta,
      '-map_metadata',
      '1',
      '-map_chapters',
      '1',
      '-c',
      'copy',
      withChapters,
    ]);
    const item = await importOne(withChapters);
    expect(item.media?.chapters).toEqual([
      { startSec: 0, endSec: 2, title: 'Intro' },
      { startSec: 2, endSec: 4, title: 'Main part' },
    ]);
  });
});

describe('thumbnails', () => {
  it('serves a poster and a strip on the preview listener, and makes new ones when the file changes', async () => {
    const file = path.join(work, 'changing.mp4');
    await ordinaryClip(file, 4, { tone: 300 });
    const item = await importOne(file, 'reference');
    expect(item.storage).toBe('reference');
    expect(item.path).toBe(file);
    const poster = await fetch(item.posterUrl ?? '');
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    expect(poster.headers.get('cache-control')).toContain('immutable');
    const posterBytes = Buffer.from(await poster.arrayBuffer());
    expect(posterBytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    // The strip comes after the item is ready (ten seeks in the file: it never delays the poster).
    const withStrip = await waitFor(async () => {
      const current = await engine.call<LibraryItem>('library.get', { itemId: item.id });
      return current.stripUrl ? current : undefined;
    });
    const strip = await fetch(withStrip.stripUrl ?? '');
    expect(strip.status).toBe(200);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-of',
      'csv=p=0',
      '-show_entries',
      'stream=width,height',
      withStrip.stripUrl ?? '',
    ]);
    expect(stdout.trim()).toBe('1600,90');

    // A bigger picture in the same file: a new probe, new images under new URLs, the old ones gone.
    await ordinaryClip(file, 5, { tone: 300, size: '640x360' });
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    const seen = await engine.call<LibraryItem>('library.get', { itemId: item.id });
    expect(seen.status).toBe('probing');
    const updated = await waitFor(async () => {
      const current = await engine.call<LibraryItem>('library.get', { itemId: item.id });
      return current.status === 'ready' && current.posterUrl !== item.posterUrl ? current : undefined;
    });
    expect(updated.media?.video).toMatchObject({ width: 640, height: 360 });
    expect(updated.media?.durationSec).toBeCloseTo(5, 0);
    expect((await fetch(updated.posterUrl ?? '')).status).toBe(200);
    expect((await fetch(item.posterUrl ?? '')).status).toBe(404);
  });

  it('serves the media itself with ranges for the player', async () => {
    const item = (await engine.items()).find((i) => i.name === 'bilingual.mp4');
    expect(item?.previewUrl).toMatch(/\/library\/[^/]+\/media$/);
    const whole = await stat(item?.path ?? '');
    const part = await fetch(item?.previewUrl ?? '', { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${whole.size}`);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
  });
});

describe('imports', () => {
  it('copies into the library folder, moves, and finds duplicates by content whatever their name', async () => {
    const settings = await engine.call<{ myFolder: string }>('library.getSettings');
    const source = await ordinaryClip(path.join(work, 'to-copy.mp4'), 3, { tone: 1200 });
    const copied = await importOne(source);
    expect(path.dirname(copied.path)).toBe(settings.myFolder);
    expect(copied.storage).toBe('library');
    expect((await stat(source)).isFile()).toBe(true);

    const renamedTwin = path.join(work, 'same bytes other name.mp4');
    await copyFile(source, renamedTwin);
    const progress = await engine.importAndWait([renamedTwin]);
    expect(progress).toMatchObject({ state: 'done', added: 0, duplicates: 1, filesTotal: 1 });

    const toMove = await ordinaryClip(path.join(work, 'to-move.mp4'), 3, { tone: 1300 });
    const moved = await importOne(toMove, 'move');
    expect(path.dirname(moved.path)).toBe(settings.myFolder);
    await expect(stat(toMove)).rejects.toThrow();
  });

  it('reports progress for a folder, file by file and in bytes', async () => {
    const folder = path.join(work, 'season');
    await mkdir(path.join(folder, 'extras'), { recursive: true });
    await ordinaryClip(path.join(folder, 'episode 1.mp4'), 3, { tone: 1400 });
    await ordinaryClip(path.join(folder, 'extras', 'bonus.mp4'), 3, { tone: 1500 });
    await writeFile(path.join(folder, 'cover.jpg'), 'not a video');
    const start = engine.events.length;
    const done = await engine.importAndWait([folder]);
    expect(done).toMatchObject({ filesTotal: 2, filesDone: 2, added: 2, duplicates: 0 });
    const updates = engine.events
      .slice(start)
      .filter((e) => e.event === 'library.importProgress')
      .map((e) => e.payload as ImportProgress);
    expect(updates[0]).toMatchObject({ state: 'running', filesDone: 0, bytesDone: 0 });
    expect(updates.some((u) => u.current === 'bonus.mp4')).toBe(true);
    expect(done.bytesDone).toBe(done.bytesTotal);
  });

  it('registers an uploaded file in place (library.importPath) and refuses one outside the library folder', async () => {
    const { myFolder } = await engine.call<{ myFolder: string }>('library.getSettings');
    const uploaded = await ordinaryClip(path.join(myFolder, 'uploaded over sftp.mp4'), 3, { tone: 1600 });
    const { item, duplicate } = await engine.call<{ item: LibraryItem; duplicate: boolean }>('library.importPath', {
      path: uploaded,
    });
    expect(duplicate).toBe(false);
    expect(item).toMatchObject({ path: uploaded, storage: 'library', status: 'ready' });
    const again = await engine.call<{ item: LibraryItem; duplicate: boolean }>('library.importPath', { path: uploaded });
    expect(again).toMatchObject({ duplicate: true, item: { id: item.id } });
    const outside = await ordinaryClip(path.join(work, 'outside.mp4'), 2, { tone: 1700 });
    await expect(engine.call('library.importPath', { path: outside })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('takes an upload through a single-use URL: the file lands in the library, complete', async () => {
    const clip = await ordinaryClip(path.join(work, 'dropped.mp4'), 3, { tone: 1800 });
    const bytes = await readFile(clip);
    const { url } = await engine.call<{ url: string }>('library.uploadUrl', {
      name: 'dropped in the browser.mp4',
      sizeBytes: bytes.length,
    });
    const answer = await fetch(url, { method: 'PUT', body: bytes, headers: { Origin: 'http://127.0.0.1:5173' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    const { itemId } = (await answer.json()) as { itemId: string };
    const item = await engine.call<LibraryItem>('library.get', { itemId });
    expect(item).toMatchObject({ name: 'dropped in the browser.mp4', status: 'ready' });
    expect((await fetch(url, { method: 'PUT', body: bytes })).status).toBe(404);

    // Cut short: nothing is kept.
    const short = await engine.call<{ url: string }>('library.uploadUrl', { name: 'cut.mp4', sizeBytes: bytes.length + 10 });
    expect((await fetch(short.url, { method: 'PUT', body: bytes })).status).toBe(400);
    const { myFolder } = await engine.call<{ myFolder: string }>('library.getSettings');
    expect((await readdir(myFolder)).filter((f) => f.startsWith('cut'))).toEqual([]);
  });

  it('deletes a library copy with its file, never a referenced file', async () => {
    const items = await engine.items();
    const copy = items.find((i) => i.storage === 'library' && i.name === 'to-copy.mp4');
    const referenced = items.find((i) => i.storage === 'reference');
    await engine.call('library.delete', { itemId: copy?.id });
    await expect(stat(copy?.path ?? '')).rejects.toThrow();
    await engine.call('library.delete', { itemId: referenced?.id });
    expect((await stat(referenced?.path ?? '')).isFile()).toBe(true);
    await expect(engine.call('library.get', { itemId: copy?.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('list', () => {
  it('searches names without case or accents, filters by codec, duration and verdict, and pages', async () => {
    const search = await engine.call<{ items: LibraryItem[]; total: number }>('library.list', { query: 'BILINGUAL' });
    expect(search.items.map((i) => i.name)).toEqual(['bilingual.mp4']);
    const h264 = await engine.call<{ total: number }>('library.list', { codec: 'h264' });
    const all = await engine.call<{ total: number }>('library.list');
    expect(h264.total).toBe(all.total);
    expect((await engine.call<{ total: number }>('library.list', { codec: 'hevc' })).total).toBe(0);
    expect((await engine.call<{ total: number }>('library.list', { duration: 'long' })).total).toBe(0);
    expect((await engine.call<{ total: number }>('library.list', { verdict: 'asIs' })).total).toBe(all.total);
    const first = await engine.call<{ items: LibraryItem[]; nextCursor: string }>('library.list', { limit: 2 });
    const second = await engine.call<{ items: LibraryItem[]; total: null }>('library.list', {
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second.total).toBeNull();
    expect(second.items[0]?.id).not.toBe(first.items[1]?.id);
    await expect(engine.call('library.list', { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
  });
});
