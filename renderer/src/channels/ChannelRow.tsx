import type { Channel } from '@shared/contract/iptv';
import { Star } from 'lucide-react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../lib/cn';
import { ChannelLogo } from './ChannelLogo';
import { clockOf, progressOf } from './times';

export const ROW_HEIGHT = 60;

interface ChannelRowProps {
  channel: Channel;
  logoBase: string | null;
  selected: boolean;
  nowMs: number;
  onSelect: (channel: Channel) => void;
  onFavourite: (channel: Channel) => void;
}

/** One channel in the list: logo, name, group, what is on now (with its progress), favourite. */
export const ChannelRow = memo(function ChannelRow({
  channel,
  logoBase,
  selected,
  nowMs,
  onSelect,
  onFavourite,
}: ChannelRowProps) {
  const { t, i18n } = useTranslation();
  const now = channel.now;
  const programme = channel.match?.field === 'programme' ? channel.match.programme : null;
  return (
    <div
      role="option"
      aria-selected={selected}
      tabIndex={-1}
      onClick={() => onSelect(channel)}
      data-testid="channel-row"
      data-channel-id={channel.id}
      className={cn(
        'flex h-full cursor-pointer items-center gap-3 border-b border-border/60 px-3',
        selected ? 'bg-primary/10' : 'hover:bg-muted/50',
      )}
    >
      <ChannelLogo channel={channel} base={logoBase} />
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline gap-2">
          {channel.number !== null && <span className="text-xs text-muted-foreground tabular-nums">{channel.number}</span>}
          <span className="truncate text-sm font-medium" data-testid="channel-name">
            {channel.name}
          </span>
          {channel.categoryName && <span className="truncate text-xs text-muted-foreground">{channel.categoryName}</span>}
        </div>
        {programme ? (
          <p className="truncate text-xs text-primary">
            {t('channels.list.matchedProgramme', { title: programme.title, at: clockOf(programme.start, i18n.language) })}
          </p>
        ) : now ? (
          <div className="flex items-center gap-2">
            <span className="truncate text-xs text-muted-foreground" data-testid="channel-now">
              {clockOf(now.start, i18n.language)} · {now.title}
            </span>
            <span className="h-1 w-12 shrink-0 overflow-hidden rounded-full bg-muted" aria-hidden>
              <span className="block h-full bg-primary/70" style={{ width: `${Math.round(progressOf(now, nowMs) * 100)}%` }} />
            </span>
          </div>
        ) : (
          <p className="text-xs text-muted-foreground/60">{t('channels.list.noGuide')}</p>
        )}
      </div>
      <button
        type="button"
        onClick={(event) => {
          event.stopPropagation();
          onFavourite(channel);
        }}
        aria-pressed={channel.favourite}
        aria-label={
          channel.favourite
            ? t('channels.list.unfavourite', { name: channel.name })
            : t('channels.list.favourite', { name: channel.name })
        }
        data-testid="favourite"
        className="rounded-md p-1.5 text-muted-foreground hover:bg-muted hover:text-foreground"
      >
        <Star className={cn('size-4', channel.favourite && 'fill-warning text-warning')} aria-hidden />
      </button>
    </div>
  );
});

/** A row still on its way (its page is loading). */
export function PlaceholderRow() {
  return (
    <div className="flex h-full items-center gap-3 border-b border-border/60 px-3" aria-hidden>
      <span className="size-9 rounded-md bg-muted" />
      <span className="h-3 w-40 rounded bg-muted" />
    </div>
  );
}
