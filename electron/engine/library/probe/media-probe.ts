import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ItemNote, ItemStatus, MediaInfo, Verdict } from '@shared/contract/library';
import { buildLibraryProbeArgs } from '@shared/ffmpeg/library-args';
import { parseFfprobeJson } from '@shared/ffmpeg/probe-result';
import { metadataBytes, parseMediaInfo } from '@shared/library/media-info';
import { looksLikeText, mediaNotes, unusableNote, type FileFacts, type ProbeFailure } from '@shared/library/notes';
import { unusableVerdict, verdictOf } from '@shared/library/verdict';
import type { FfmpegTools } from '../../ffmpeg/ffmpeg-tools';

export interface ProbedFile {
  readonly status: Exclude<ItemStatus, 'probing'>;
  readonly notes: ItemNote[];
  readonly media: MediaInfo | null;
  readonly verdict: Verdict | null;
  readonly sizeBytes: number;
  readonly fileMtimeMs: number;
}

export interface MediaProbeOptions {
  /** Default 30 s: a file on a sleeping network disk may take a while, a hung one must not block the queue. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** ffprobe's JSON of a file with a megabyte of tags is large; beyond this it is refused. */
const MAX_PROBE_OUTPUT = 32 * 1024 * 1024;

/**
 * Read a file the way the library shows it: size and date, whether it is text, then ffprobe
 * (through the tools service) for its tracks, chapters and tags; the verdict from `auto`'s
 * rules and a note for everything unusual. Never throws for a bad file: every outcome is an item.
 */
export async function probeMediaFile(
  tools: Pick<FfmpegTools, 'run'>,
  file: string,
  options: MediaProbeOptions = {},
): Promise<ProbedFile> {
  const name = path.basename(file);
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return unusable({ name, sizeBytes: 0, looksLikeText: false }, { kind: code === 'EACCES' ? 'denied' : 'missing' }, 0);
  }
  const mtime = info.mtimeMs;
  if (!info.isFile()) return unusable({ name, sizeBytes: 0, looksLikeText: false }, { kind: 'missing' }, mtime);
  const facts: FileFacts = { name, sizeBytes: info.size, looksLikeText: false };
  if (info.size === 0) return unusable(facts, null, mtime);
  let head: Uint8Array;
  try {
    head = await readHead(file, 4096);
  } catch {
    return unusable(facts, { kind: 'denied' }, mtime);
  }
  const withText = { ...facts, looksLikeText: looksLikeText(head) };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const result = await tools.run('ffprobe', buildLibraryProbeArgs(file), {
    timeoutMs,
    signal: options.signal,
    maxOutputBytes: MAX_PROBE_OUTPUT,
  });
  if (result.ended === 'timeout') return unusable(withText, { kind: 'timeout', seconds: Math.round(timeoutMs / 1000) }, mtime);
  if (result.ended === 'overflow') {
    const note: ItemNote = {
      code: 'hugeMetadata',
      severity: 'error',
      message: 'Its tags are too large to read (more than 32 MiB of titles and comments): rewrite the file without them.',
    };
    return {
      status: 'unusable',
      notes: [note],
      media: null,
      verdict: unusableVerdict(note.message),
      sizeBytes: info.size,
      fileMtimeMs: mtime,
    };
  }
  const stderr = result.stderr.split('\n').filter((line) => line.trim() !== '');
  const media = result.ended === 'exit' && result.code === 0 ? parseMediaInfo(result.stdout) : null;
  const probe = media ? parseFfprobeJson(result.stdout) : null;
  if (!media || !probe || (media.video === null && media.audio.length === 0)) {
    return unusable(withText, { kind: 'failed', stderr: stderr.length ? stderr : ['does not contain any stream'] }, mtime);
  }
  const notes = mediaNotes(withText, media, { metadataBytes: metadataBytes(result.stdout) });
  return { status: 'ready', notes, media, verdict: verdictOf(probe), sizeBytes: info.size, fileMtimeMs: mtime };
}

function unusable(facts: FileFacts, failure: ProbeFailure | null, mtime: number): ProbedFile {
  const note = unusableNote(facts, failure) ?? {
    code: 'notMedia' as const,
    severity: 'error' as const,
    message: 'This is not a video or audio file FFmpeg can read: its content matches no media format.',
  };
  return {
    status: failure?.kind === 'missing' ? 'missing' : 'unusable',
    notes: [note],
    media: null,
    verdict: unusableVerdict(note.message),
    sizeBytes: facts.sizeBytes,
    fileMtimeMs: mtime,
  };
}

async function readHead(file: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
