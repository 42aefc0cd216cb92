import { useTranslation } from 'react-i18next';
import { hrefOf } from '../app/route';
import { Badge } from '../components/ui/badge';
import { cn } from '../lib/cn';
import { Poster, SelectBox, type ItemViewProps } from './ItemCard';
import { durationOf, mediaLine, verdictBadge } from './item-facts';

/** An item in the list: a small poster, the name and what it is, the duration, the verdict. */
export function ItemRow({ item, selected, onToggle }: ItemViewProps) {
  const { t, i18n } = useTranslation();
  const badge = verdictBadge(item, t);
  return (
    <div
      className={cn('group flex h-full items-center gap-3 border-b border-border px-3', selected && 'bg-primary/5')}
      data-testid="library-item"
      data-item-name={item.name}
    >
      <SelectBox
        item={item}
        selected={selected}
        onToggle={onToggle}
        className={cn(!selected && 'border-border bg-muted opacity-100')}
      />
      <a href={hrefOf({ page: 'libraryItem', itemId: item.id })} className="flex min-w-0 flex-1 items-center gap-3">
        <div className="h-10 w-16 shrink-0 overflow-hidden rounded bg-muted">
          <Poster item={item} />
        </div>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium">{item.name}</p>
          <p className="truncate text-xs text-muted-foreground">{mediaLine(item, i18n.language, t)}</p>
        </div>
        <span className="w-20 shrink-0 text-right font-mono text-xs text-muted-foreground">{durationOf(item)}</span>
        <Badge tone={badge.tone} className="w-44 shrink-0 justify-center" data-testid="item-verdict">
          {badge.label}
        </Badge>
      </a>
    </div>
  );
}
