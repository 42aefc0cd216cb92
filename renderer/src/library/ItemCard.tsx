import type { LibraryItem } from '@shared/contract/library';
import { Check, Film, Loader2, Music } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { hrefOf } from '../app/route';
import { Badge } from '../components/ui/badge';
import { cn } from '../lib/cn';
import { durationOf, mediaLine, verdictBadge } from './item-facts';

export interface ItemViewProps {
  readonly item: LibraryItem;
  readonly selected: boolean;
  readonly onToggle: () => void;
}

/** An item in the grid: its poster with the duration on it, its name, what it is, the verdict. */
export function ItemCard({ item, selected, onToggle }: ItemViewProps) {
  const { t, i18n } = useTranslation();
  const badge = verdictBadge(item, t);
  return (
    <article
      className={cn(
        'group relative flex h-full flex-col overflow-hidden rounded-xl border bg-card shadow-sm transition-shadow hover:shadow-md',
        selected ? 'border-primary ring-2 ring-primary/30' : 'border-border',
      )}
      data-testid="library-item"
      data-item-name={item.name}
    >
      <a href={hrefOf({ page: 'libraryItem', itemId: item.id })} className="flex min-h-0 flex-1 flex-col">
        <div className="relative aspect-video w-full overflow-hidden bg-muted">
          <Poster item={item} />
          {durationOf(item) && (
            <span className="absolute right-2 bottom-2 rounded bg-black/75 px-1.5 py-0.5 font-mono text-[11px] text-white">
              {durationOf(item)}
            </span>
          )}
        </div>
        <div className="flex flex-1 flex-col gap-1.5 px-3 py-2.5">
          <h3 className="truncate text-sm font-medium" title={item.name}>
            {item.name}
          </h3>
          <p className="truncate text-xs text-muted-foreground">{mediaLine(item, i18n.language, t)}</p>
          <Badge tone={badge.tone} className="mt-auto self-start" data-testid="item-verdict">
            {item.status === 'probing' && <Loader2 className="size-3 animate-spin" aria-hidden />}
            {badge.label}
          </Badge>
        </div>
      </a>
      <SelectBox item={item} selected={selected} onToggle={onToggle} className="absolute top-2 left-2" />
    </article>
  );
}

/** The poster, or an icon for a file without one (audio only, not made yet). */
export function Poster({ item, className }: { item: LibraryItem; className?: string }) {
  if (item.posterUrl)
    return <img src={item.posterUrl} alt="" loading="lazy" className={cn('size-full object-cover', className)} />;
  const Icon = item.media && !item.media.video ? Music : Film;
  return (
    <div className={cn('flex size-full items-center justify-center text-muted-foreground/60', className)}>
      <Icon className="size-8" aria-hidden />
    </div>
  );
}

/** Picks the item for a playlist. */
export function SelectBox({ item, selected, onToggle, className }: ItemViewProps & { className?: string }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      role="checkbox"
      aria-checked={selected}
      aria-label={t('library.select', { name: item.name })}
      onClick={onToggle}
      data-testid="item-select"
      className={cn(
        'flex size-6 items-center justify-center rounded-md border shadow-sm transition-opacity',
        selected
          ? 'border-primary bg-primary text-primary-foreground'
          : 'border-white/70 bg-black/40 text-transparent opacity-0 group-hover:opacity-100 focus-visible:opacity-100',
        className,
      )}
    >
      <Check className="size-4" aria-hidden />
    </button>
  );
}
