import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryItem, NoteCode } from '@shared/contract/library';
import { HOSTILE_FILES, makeHostileCorpus, type HostileName } from '../../support/library/hostile-corpus';
import { startLibraryEngine, type LibraryTestEngine } from '../../support/library/library-engine';

let engine: LibraryTestEngine;
let corpusDir: string;
let items: LibraryItem[];

beforeAll(async () => {
  corpusDir = await mkdtemp(path.join(tmpdir(), 'lm-hostile-'));
  await makeHostileCorpus(corpusDir);
  engine = await startLibraryEngine({ log: () => undefined });
  const progress = await engine.importAndWait([corpusDir], 'copy');
  expect(progress.failures).toEqual([]);
  items = await engine.items();
}, 300_000);

afterAll(async () => {
  await engine?.close();
  await rm(corpusDir, { recursive: true, force: true });
});

/** The item imported from a corpus file (a copy: matched by its original name, or its cleaned one). */
function itemOf(name: HostileName): LibraryItem {
  const wanted = HOSTILE_FILES[name].replace(/\p{Cc}+/gu, ' ');
  const item = items.find((i) => i.name === wanted);
  if (!item) throw new Error(`No item for ${name} among ${items.map((i) => JSON.stringify(i.name)).join(', ')}`);
  return item;
}

const codes = (item: LibraryItem): NoteCode[] => item.notes.map((n) => n.code);
const sentence = (item: LibraryItem, code: NoteCode): string => item.notes.find((n) => n.code === code)?.message ?? '';

describe('the hostile corpus: each file gets its own sentence and nothing breaks', () => {
  it('imports every file of the folder (scan) and probes each to an end state', () => {
    expect(items).toHaveLength(Object.keys(HOSTILE_FILES).length);
    expect(items.every((i) => i.status !== 'probing')).toBe(true);
  });

  it('zero bytes: unusable, "empty"', () => {
    const item = itemOf('empty');
    expect(item.status).toBe('unusable');
    expect(sentence(item, 'empty')).toBe('The file is empty (0 bytes): there is nothing to stream.');
    expect(item.verdict?.kind).toBe('unusable');
  });

  it('a text file renamed .mp4: unusable, said to be text', () => {
    const item = itemOf('text');
    expect(item.status).toBe('unusable');
    expect(sentence(item, 'textFile')).toContain('This is a text file, not a video or audio file');
    expect(sentence(item, 'textFile')).toContain('“.mp4”');
  });

  it('a truncated MP4 without its moov box: unusable, said to be cut short', () => {
    const item = itemOf('truncated');
    expect(item.status).toBe('unusable');
    expect(sentence(item, 'truncated')).toContain('its index (the “moov” box) is missing');
    expect(item.posterUrl).toBeNull();
  });

  it('audio only: usable, a warning, no poster', () => {
    const item = itemOf('audioOnly');
    expect(item.status).toBe('ready');
    expect(sentence(item, 'audioOnly')).toMatch(/^Sound only: there is no video track/);
    expect(item.media?.video).toBeNull();
    expect(item.posterUrl).toBeNull();
    expect(item.verdict?.summary).toContain('sound only');
  });

  it('video only: usable, a warning', () => {
    const item = itemOf('videoOnly');
    expect(item.status).toBe('ready');
    expect(sentence(item, 'videoOnly')).toMatch(/^Picture only: there is no audio track/);
    expect(item.verdict?.kind).toBe('asIs');
  });

  it('8K: re-encoded for every platform, with a warning about the CPU', () => {
    const item = itemOf('eightK');
    expect(sentence(item, 'veryLarge')).toContain('7680x4320 is beyond what any platform takes');
    expect(item.verdict?.kind).toBe('reencode');
    expect(item.verdict?.reasons.join(' ')).toContain('7680x4320');
    expect(item.verdict?.platforms.every((p) => !p.asIs)).toBe(true);
  });

  it('HEVC: the video is re-encoded, and the verdict says why', () => {
    const item = itemOf('hevc');
    expect(item.media?.video?.codec).toBe('hevc');
    expect(item.verdict?.video).toBe('encode');
    expect(item.verdict?.summary).toBe('Streams to RTMP after re-encoding the video: video is HEVC, the outputs take H.264.');
  });

  it('AC3: only the audio is re-encoded', () => {
    const item = itemOf('ac3');
    expect(item.verdict).toMatchObject({ kind: 'reencode', video: 'copy', audio: 'encode' });
    expect(item.verdict?.summary).toBe('Streams to RTMP after re-encoding the audio: audio is AC3, the outputs take AAC.');
  });

  it('variable frame rate: a remark', () => {
    const item = itemOf('vfr');
    expect(item.media?.video?.variableFrameRate).toBe(true);
    expect(sentence(item, 'variableFrameRate')).toMatch(/^Variable frame rate/);
  });

  it('an odd frame size: the warning names the trimmed size', () => {
    const item = itemOf('odd');
    expect(item.media?.video).toMatchObject({ width: 641, height: 361 });
    expect(sentence(item, 'oddSize')).toBe('Its frame is 641x361: H.264 needs even sides, so a re-encode trims it to 640x360.');
  });

  it('huge metadata: kept short, and said', () => {
    const item = itemOf('hugeMetadata');
    expect(item.status).toBe('ready');
    expect(sentence(item, 'hugeMetadata')).toMatch(/^Its tags hold 20\d KiB of text/);
    expect(item.media?.title?.length).toBeLessThanOrEqual(200);
    expect(JSON.stringify(item).length).toBeLessThan(20_000);
  });

  it('names with quotes, shell characters and unicode: stored as they are, probed, with thumbnails', () => {
    for (const name of ['quotes', 'unicode'] as const) {
      const item = itemOf(name);
      expect(item.name).toBe(HOSTILE_FILES[name]);
      expect(item.status).toBe('ready');
      expect(item.verdict?.summary).toBe('Streams to RTMP as it is, with no re-encoding.');
      expect(item.posterUrl).not.toBeNull();
      expect(codes(item)).toEqual([]);
    }
  });

  it('a name with a line break: the copy gets a clean name, and says so', () => {
    const item = itemOf('newline');
    expect(item.name).toBe('line break.mp4');
    expect(item.path).not.toMatch(/\n/);
    expect(sentence(item, 'renamed')).toBe(
      'Stored as “line break.mp4”: its name had a line break or another control character, which FFmpeg’s playlists cannot hold.',
    );
    expect(item.status).toBe('ready');
  });

  it('the engine still answers after all of it', async () => {
    const page = await engine.call<{ total: number }>('library.list', { limit: 1 });
    expect(page.total).toBe(Object.keys(HOSTILE_FILES).length);
  });
});
