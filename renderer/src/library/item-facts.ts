import type { LibraryItem } from '@shared/contract/library';
import type { TFunction } from 'i18next';
import { formatBytes, formatDuration } from '../lib/format';

/** The badge of an item: still being read, unusable, streams as is, or what is re-encoded. */
export function verdictBadge(
  item: LibraryItem,
  t: TFunction,
): { tone: 'neutral' | 'success' | 'warning' | 'danger'; label: string } {
  if (item.status === 'probing') return { tone: 'neutral', label: t('library.status.probing') };
  if (item.status === 'missing') return { tone: 'danger', label: t('library.status.missing') };
  const verdict = item.verdict;
  if (item.status === 'unusable' || !verdict || verdict.kind === 'unusable')
    return { tone: 'danger', label: t('library.verdict.unusable') };
  if (verdict.kind === 'asIs') return { tone: 'success', label: t('library.verdict.asIs') };
  const both = verdict.video === 'encode' && verdict.audio === 'encode';
  return {
    tone: 'warning',
    label: both
      ? t('library.verdict.reencodeBoth')
      : verdict.video === 'encode'
        ? t('library.verdict.reencodeVideo')
        : t('library.verdict.reencodeAudio'),
  };
}

/** `h264 · 1280×720 · 25 fps`, or `aac · audio only`. */
export function mediaLine(item: LibraryItem, locale: string, t: TFunction): string {
  const media = item.media;
  if (!media) return formatBytes(item.sizeBytes, locale);
  const video = media.video;
  const parts = video
    ? [
        video.codec,
        video.width && video.height ? `${video.width}×${video.height}` : null,
        video.fps ? `${Math.round(video.fps * 100) / 100} fps` : null,
      ]
    : [media.audio[0]?.codec ?? null, t('library.audioOnly')];
  return [...parts, formatBytes(item.sizeBytes, locale)].filter((p): p is string => p !== null).join(' · ');
}

/** HH:MM:SS, or an empty string when the file does not say. */
export function durationOf(item: LibraryItem): string {
  const seconds = item.media?.durationSec;
  return seconds === null || seconds === undefined ? '' : formatDuration(seconds * 1000);
}
