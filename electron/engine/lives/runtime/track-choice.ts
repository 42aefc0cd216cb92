import path from 'node:path';
import { RpcError } from '@shared/contract/errors';
import type { Live, Source } from '@shared/contract/lives';
import type { ProbeResult } from '@shared/ffmpeg/probe-result';
import type { BurnIn } from '@shared/ffmpeg/source-args';
import { sameLanguage } from '@shared/library/languages';
import { subtitleKind } from '@shared/library/media-info';

/** What a live's language choices come to in FFmpeg terms: track ranks (`0:a:N`, `0:s:N`). */
export interface TrackChoices {
  readonly audioTrack?: number;
  readonly burnIn?: BurnIn;
  /** For the plan's reason: "the fra subtitles are burnt in". */
  readonly burnInLanguage?: string;
}

/** Whether a source asks for a track by language (then its files must be probed, whatever the encoding). */
export function wantsTracks(source: Source): boolean {
  if (source.kind === 'file') return source.audioLanguage !== undefined || source.burnInSubtitles !== undefined;
  return source.kind === 'playlist' && source.audioLanguage !== undefined;
}

/**
 * The ranks of the chosen tracks, from each file's probe (in playing order, `names` for the
 * messages). A file without the language fails the start with a sentence naming what it has; a
 * playlist's files must all have it at the same rank (the concat demuxer keeps the first file's
 * layout for all of them).
 */
export function chooseTracks(source: Source, probes: readonly ProbeResult[], names: readonly string[]): TrackChoices {
  if (source.kind !== 'file' && source.kind !== 'playlist') return {};
  const choices: { audioTrack?: number; burnIn?: BurnIn; burnInLanguage?: string } = {};
  const wanted = source.audioLanguage;
  if (wanted !== undefined) {
    const ranks = probes.map((probe, i) => {
      const rank = probe.audio.findIndex((a) => sameLanguage(wanted, a.language));
      if (rank === -1) {
        const what = probes.length > 1 ? `Playlist file ${i + 1} (${names[i] ?? ''})` : 'This file';
        throw new RpcError(
          'INVALID_STATE',
          `${what} has no audio track in “${wanted}” (it has: ${listOf(probe.audio.map((a) => a.language))}).`,
        );
      }
      return rank;
    });
    const first = ranks[0] ?? 0;
    const other = ranks.findIndex((rank) => rank !== first);
    if (other !== -1) {
      throw new RpcError(
        'INVALID_STATE',
        `The playlist’s files do not all have their “${wanted}” audio at the same place (file ${other + 1}, ${names[other] ?? ''}, has it as track ${(ranks[other] ?? 0) + 1}, the first file as track ${first + 1}): FFmpeg plays every file with the first one’s track layout.`,
      );
    }
    choices.audioTrack = first;
  }
  if (source.kind === 'file' && source.burnInSubtitles) {
    const language = source.burnInSubtitles.language;
    const subtitles = probes[0]?.subtitles ?? [];
    const position = subtitles.findIndex((s) => sameLanguage(language, s.language));
    const track = subtitles[position];
    if (!track) {
      throw new RpcError(
        'INVALID_STATE',
        `This file has no subtitle track in “${language}” (it has: ${listOf(subtitles.map((s) => s.language))}).`,
      );
    }
    choices.burnIn = { position, kind: subtitleKind(track.codec) };
    choices.burnInLanguage = language;
  }
  return choices;
}

/** `eng, fra, untagged`, or `none`. */
function listOf(languages: readonly (string | null | undefined)[]): string {
  return languages.length === 0 ? 'none' : languages.map((l) => l ?? 'untagged').join(', ');
}

/** The names a playlist's files are shown by (now playing, messages). */
export function displayNames(paths: readonly string[]): string[] {
  return paths.map((p) => path.basename(p));
}

/** The live as this run plays it: a shuffled playlist gets a new random order at every start. */
export function inPlayingOrder(live: Live, random: () => number = Math.random): Live {
  if (live.source.kind !== 'playlist' || !live.source.shuffle) return live;
  const paths = [...live.source.paths];
  for (let i = paths.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [paths[i], paths[j]] = [paths[j] as string, paths[i] as string];
  }
  return { ...live, source: { ...live.source, paths } };
}
