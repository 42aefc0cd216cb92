import type { Channel } from '@shared/contract/iptv';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelPages } from './channel-pages';
import { ChannelRow, PlaceholderRow, ROW_HEIGHT } from './ChannelRow';
import { useChannelList } from './use-channel-pages';

interface ChannelListProps {
  pages: ChannelPages | null;
  logoBase: string | null;
  selectedId: string | null;
  nowMs: number;
  onSelect: (channel: Channel) => void;
  onFavourite: (channel: Channel) => void;
}

/**
 * The channels, virtualised: only the rows in view (and a few around) are in the page, so
 * 100,000 channels scroll like 100. Rows not loaded yet show a placeholder while their page comes.
 */
export function ChannelList({ pages, logoBase, selectedId, nowMs, onSelect, onFavourite }: ChannelListProps) {
  const { t } = useTranslation();
  const list = useChannelList(pages);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer re-renders this component on scroll itself; none of its functions is memoised below.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: list.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  // The rows in view and the next screenfuls: a jump loads the page it lands on, not those before.
  useEffect(() => pages?.show(firstIndex, lastIndex + 40), [pages, firstIndex, lastIndex]);
  // A new list (another view or search) starts at its top.
  useEffect(() => virtualizer.scrollToOffset(0), [pages, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className="min-h-0 flex-1 overflow-y-auto [overflow-anchor:none]"
      role="listbox"
      aria-label={t('channels.list.label')}
      aria-rowcount={list.count}
      data-testid="channel-list"
    >
      <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const channel = list.rowAt(item.index);
          return (
            <div
              key={channel?.id ?? `pending-${item.index}`}
              className="absolute top-0 left-0 w-full"
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
            >
              {channel ? (
                <ChannelRow
                  channel={channel}
                  logoBase={logoBase}
                  selected={channel.id === selectedId}
                  nowMs={nowMs}
                  onSelect={onSelect}
                  onFavourite={onFavourite}
                />
              ) : (
                <PlaceholderRow />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
