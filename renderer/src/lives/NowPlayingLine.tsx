import type { RunStats } from '@shared/contract/lives';
import { ListMusic } from 'lucide-react';
import { useTranslation } from 'react-i18next';

/**
 * A running playlist live's place in its files, from the latest `run.stats` sample: the file
 * playing and the next one ("last file" when none follows). Nothing for other sources, or while
 * the figures are not current.
 */
export function NowPlayingLine({ stats }: { stats: RunStats | undefined }) {
  const { t } = useTranslation();
  const position = stats?.playlist;
  if (!position) return null;
  const parts = [
    t('library.playlistPosition.nowPlaying', { name: position.playing.name }),
    position.next ? t('library.playlistPosition.upNext', { name: position.next.name }) : t('library.playlistPosition.lastFile'),
  ];
  return (
    <p className="flex items-center gap-2 text-sm" role="status" data-testid="now-playing">
      <ListMusic className="size-4 shrink-0 text-muted-foreground" aria-hidden />
      <span className="min-w-0 truncate">{parts.join(' · ')}</span>
      <span className="shrink-0 text-muted-foreground">
        ({t('library.playlistPosition.position', { index: position.playing.index + 1, count: position.count })})
      </span>
    </p>
  );
}
