import type { ItemNote, MediaInfo, NoteCode } from '../contract/library';
import { classifyExit } from '../ffmpeg/classify';
import { PLATFORM_PRESETS } from '../ffmpeg/platforms';

/**
 * What the library says about a hostile or unusual file, one specific sentence each (see
 * docs/library.md, "Hostile files"). Pure: the engine gathers the facts, this names them.
 */

/** What the engine learnt about the file before or instead of a successful probe. */
export interface FileFacts {
  readonly name: string;
  readonly sizeBytes: number;
  /** The first bytes are printable text (UTF-8, no NUL): a text file renamed. */
  readonly looksLikeText: boolean;
}

export type ProbeFailure =
  | { readonly kind: 'timeout'; readonly seconds: number }
  | { readonly kind: 'missing' }
  | { readonly kind: 'denied' }
  /** ffprobe exited in error: its last stderr lines. */
  | { readonly kind: 'failed'; readonly stderr: readonly string[] };

const note = (code: NoteCode, severity: ItemNote['severity'], message: string): ItemNote => ({ code, severity, message });

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** The one error that makes a file unusable, when it could not be probed (or is empty). */
export function unusableNote(facts: FileFacts, failure: ProbeFailure | null): ItemNote | null {
  if (failure?.kind === 'missing')
    return note('missing', 'error', 'The file is no longer there: it was moved, renamed or deleted.');
  if (failure?.kind === 'denied') {
    return note('unreadable', 'error', 'The engine may not read this file (permission denied): check who owns it.');
  }
  if (facts.sizeBytes === 0) return note('empty', 'error', 'The file is empty (0 bytes): there is nothing to stream.');
  if (!failure) return null;
  if (failure.kind === 'timeout') {
    return note(
      'probeTimeout',
      'error',
      `Reading the file took more than ${failure.seconds} s: it may sit on a slow or sleeping disk. Try Refresh.`,
    );
  }
  const ext = extensionOf(facts.name);
  if (facts.looksLikeText) {
    const named = ext ? ` (its name ends in “${ext}”)` : '';
    return note('textFile', 'error', `This is a text file, not a video or audio file, whatever its name says${named}.`);
  }
  const text = failure.stderr.join('\n');
  const lowScore = /detected only with low score/i.test(text);
  if (/moov atom not found/i.test(text) && !lowScore) {
    return note(
      'truncated',
      'error',
      'This MP4 is incomplete: its index (the “moov” box) is missing, so the copy or download was cut short. Copy or download it again.',
    );
  }
  const classified = classifyExit(failure.stderr, 1, { role: 'source' });
  if (lowScore || classified.kind === 'unsupportedInput' || /Invalid data found when processing input/i.test(text)) {
    return note('notMedia', 'error', 'This is not a video or audio file FFmpeg can read: its content matches no media format.');
  }
  return note('unreadable', 'error', classified.message);
}

/** YouTube's ceiling: beyond it every platform refuses the frame as it is. */
const LARGEST_INGEST = Math.max(...PLATFORM_PRESETS.map((p) => p.limits.maxLongSide));
/** Tag text beyond this is "huge metadata" (a normal file has a few hundred bytes). */
export const HUGE_METADATA_BYTES = 64 * 1024;

export interface MediaFacts {
  /** Bytes of tag text in the file (`metadataBytes`). */
  readonly metadataBytes: number;
}

/** Warnings and remarks about a file that probed: it streams, but the streamer should know. */
export function mediaNotes(facts: FileFacts, info: MediaInfo, extra: MediaFacts): ItemNote[] {
  const notes: ItemNote[] = [];
  const video = info.video;
  if (!video && info.audio.length > 0) {
    notes.push(
      note(
        'audioOnly',
        'warning',
        'Sound only: there is no video track. Viewers see no picture, and YouTube may refuse a stream without video.',
      ),
    );
  }
  if (video && info.audio.length === 0) {
    notes.push(note('videoOnly', 'warning', 'Picture only: there is no audio track. It streams, but viewers hear nothing.'));
  }
  const expected = expectedBytes(info);
  if (expected !== null && facts.sizeBytes < expected * 0.6) {
    notes.push(
      note(
        'cutShort',
        'warning',
        `The file looks cut short: it holds ${percent(facts.sizeBytes, expected)} of what its tracks describe, so a live from it would end early.`,
      ),
    );
  }
  if (video?.width && video.height) {
    const { width, height } = video;
    if (Math.max(width, height) > LARGEST_INGEST) {
      notes.push(
        note(
          'veryLarge',
          'warning',
          `${width}x${height} is beyond what any platform takes as it is: every live re-encodes it, which takes a lot of CPU. Optimize makes a lighter copy once.`,
        ),
      );
    }
    if (width % 2 !== 0 || height % 2 !== 0) {
      notes.push(
        note(
          'oddSize',
          'warning',
          `Its frame is ${width}x${height}: H.264 needs even sides, so a re-encode trims it to ${width - (width % 2)}x${height - (height % 2)}.`,
        ),
      );
    }
  }
  if (video?.variableFrameRate) {
    notes.push(
      note(
        'variableFrameRate',
        'info',
        'Variable frame rate: frames are not evenly spaced. It streams (keyframes are placed every 2 s of time), but motion may look uneven.',
      ),
    );
  }
  if (extra.metadataBytes > HUGE_METADATA_BYTES) {
    notes.push(
      note(
        'hugeMetadata',
        'info',
        `Its tags hold ${Math.round(extra.metadataBytes / 1024)} KiB of text (titles, comments…): only the first characters of each are kept.`,
      ),
    );
  }
  return notes;
}

/** What the tracks' declared bit rates add up to over the duration, when every track declares one. */
function expectedBytes(info: MediaInfo): number | null {
  if (info.durationSec === null) return null;
  const rates = [info.video?.bitRate, ...info.audio.map((a) => a.bitRate)].filter((r) => r !== undefined);
  if (rates.length === 0 || rates.some((r) => r === null)) return null;
  const total = (rates as number[]).reduce((sum, r) => sum + r, 0);
  return (total * info.durationSec) / 8;
}

function percent(part: number, whole: number): string {
  return `${Math.max(0, Math.min(100, Math.round((part / whole) * 100)))} %`;
}

/** Whether the first bytes of a file are text (UTF-8 without NUL or binary control bytes). */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.length > 4000 ? head.slice(0, 4000) : head);
  } catch {
    // A multi-byte character cut at the end of the sample is still text.
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(head.slice(0, Math.max(0, Math.min(head.length, 4000) - 3)));
    } catch {
      return false;
    }
  }
  // Text has tabs, line ends and escapes (9–13, 27) but no other C0 control byte.
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 32 && !(code >= 9 && code <= 13) && code !== 27) return false;
  }
  return true;
}
