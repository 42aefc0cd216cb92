import type { Category, ChannelView } from '@shared/contract/iptv';
import { Clock, Eye, EyeOff, LayoutList, Star } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../lib/cn';

interface CategoryListProps {
  categories: readonly Category[];
  view: ChannelView;
  categoryId: string | null;
  onView: (view: ChannelView) => void;
  onCategory: (categoryId: string | null) => void;
  onHide: (category: Category, hidden: boolean) => void;
}

/** The views (all, favourites, recently watched, hidden) and the provider's categories with their counts. */
export function CategoryList({ categories, view, categoryId, onView, onCategory, onHide }: CategoryListProps) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const views: { view: ChannelView; icon: ReactNode }[] = [
    { view: 'all', icon: <LayoutList aria-hidden /> },
    { view: 'favourites', icon: <Star aria-hidden /> },
    { view: 'recent', icon: <Clock aria-hidden /> },
    { view: 'hidden', icon: <EyeOff aria-hidden /> },
  ];
  return (
    <nav aria-label={t('channels.categories.label')} className="flex min-h-0 flex-1 flex-col gap-0.5">
      {views.map((v) => (
        <Item
          key={v.view}
          current={view === v.view && categoryId === null}
          onClick={() => {
            onView(v.view);
            onCategory(null);
          }}
          icon={v.icon}
          testId={`view-${v.view}`}
        >
          {t(`channels.view.${v.view}`)}
        </Item>
      ))}
      <h3 className="mt-3 px-2 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
        {t('channels.categories.title')}
      </h3>
      <ul className="min-h-0 flex-1 space-y-0.5 overflow-y-auto pr-1" data-testid="categories">
        {categories.map((category) => (
          <li key={category.id} className="group flex items-center gap-1">
            <Item
              current={categoryId === category.id}
              onClick={() => onCategory(category.id)}
              muted={category.hidden}
              className="flex-1"
            >
              <span className="min-w-0 flex-1 truncate">{category.name}</span>
              <span className="text-xs text-muted-foreground tabular-nums">{number.format(category.channelCount)}</span>
            </Item>
            <button
              type="button"
              onClick={() => onHide(category, !category.hidden)}
              aria-label={t(category.hidden ? 'channels.categories.show' : 'channels.categories.hide', { name: category.name })}
              className={cn(
                'rounded p-1 text-muted-foreground hover:bg-muted hover:text-foreground',
                !category.hidden && 'opacity-0 group-hover:opacity-100 focus-visible:opacity-100',
              )}
            >
              {category.hidden ? <EyeOff className="size-3.5" aria-hidden /> : <Eye className="size-3.5" aria-hidden />}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Item({
  current,
  onClick,
  icon,
  muted,
  testId,
  className,
  children,
}: {
  className?: string;
  current: boolean;
  onClick: () => void;
  icon?: ReactNode;
  muted?: boolean;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-current={current ? 'true' : undefined}
      data-testid={testId}
      className={cn(
        'flex min-w-0 items-center gap-2 rounded-md px-2 py-1 text-left text-sm [&>svg]:size-4',
        current ? 'bg-muted font-medium text-foreground' : 'text-muted-foreground hover:bg-muted/60 hover:text-foreground',
        muted && 'line-through opacity-60',
        className,
      )}
    >
      {icon}
      {children}
    </button>
  );
}
