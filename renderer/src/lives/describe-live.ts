import type { Live, Source } from '@shared/contract/lives';
import { nextStartAt } from '@shared/schedule/plan';
import type { TFunction } from 'i18next';

/** One line about where the picture comes from: `Test pattern`, `show.mp4`, `Playlist · 12 files`. */
export function sourceSummary(source: Source, t: TFunction): string {
  switch (source.kind) {
    case 'testPattern':
      return t('source.summary.testPattern');
    case 'file':
      return source.path.split(/[\\/]/).pop() ?? source.path;
    case 'playlist':
      return t('source.summary.playlist', { count: source.paths.length });
    case 'url':
      return `${source.format.toUpperCase()} · ${hostOf(source.url)}`;
    case 'iptvChannel':
      return t('source.summary.iptv', { channel: source.channelName ?? source.channelId });
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The next start of a scheduled live (ISO), from its start policy; null for manual ones. */
export function nextStart(live: Live, nowMs: number): string | null {
  if (live.start.kind === 'manual') return null;
  try {
    const at = nextStartAt(live.start, nowMs);
    return at === null ? null : new Date(at).toISOString();
  } catch {
    return null;
  }
}
