import type { ListFilter } from '@shared/contract/library';
import { LayoutGrid, List, Search } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Input } from '../components/ui/input';
import { Select } from '../components/ui/select';
import { cn } from '../lib/cn';

export type LibraryView = 'grid' | 'list';
const ALL = 'all';
const CODECS = ['h264', 'hevc', 'vp9', 'av1', 'mpeg4', 'none'] as const;
const DURATIONS = ['short', 'medium', 'long'] as const;
const VERDICTS = ['asIs', 'reencode', 'unusable'] as const;

/** Search, the three filters (codec, duration, verdict) and grid or list. */
export function LibraryToolbar({
  filter,
  onFilter,
  view,
  onView,
}: {
  filter: ListFilter;
  onFilter: (filter: ListFilter) => void;
  view: LibraryView;
  onView: (view: LibraryView) => void;
}) {
  const { t } = useTranslation();
  const pick = <K extends 'codec' | 'duration' | 'verdict'>(key: K, value: string): void => {
    const { [key]: _old, ...rest } = filter;
    onFilter(value === ALL ? rest : { ...rest, [key]: value });
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="relative min-w-56 flex-1">
        <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-muted-foreground" aria-hidden />
        <Input
          type="search"
          className="pl-9"
          placeholder={t('library.search')}
          aria-label={t('library.search')}
          value={filter.query ?? ''}
          onChange={(e) => onFilter({ ...filter, query: e.target.value })}
          data-testid="library-search"
        />
      </div>
      <FilterSelect
        label={t('library.filter.codec')}
        value={filter.codec ?? ALL}
        onChange={(v) => pick('codec', v)}
        testId="filter-codec"
      >
        {CODECS.map((c) => (
          <Select.Item key={c} value={c}>
            {c === 'none' ? t('library.filter.noVideo') : c.toUpperCase()}
          </Select.Item>
        ))}
      </FilterSelect>
      <FilterSelect
        label={t('library.filter.duration')}
        value={filter.duration ?? ALL}
        onChange={(v) => pick('duration', v)}
        testId="filter-duration"
      >
        {DURATIONS.map((d) => (
          <Select.Item key={d} value={d}>
            {t(`library.filter.durations.${d}`)}
          </Select.Item>
        ))}
      </FilterSelect>
      <FilterSelect
        label={t('library.filter.verdict')}
        value={filter.verdict ?? ALL}
        onChange={(v) => pick('verdict', v)}
        testId="filter-verdict"
      >
        {VERDICTS.map((v) => (
          <Select.Item key={v} value={v}>
            {t(`library.filter.verdicts.${v}`)}
          </Select.Item>
        ))}
      </FilterSelect>
      <div className="flex rounded-md border border-border p-0.5" role="group" aria-label={t('library.view.label')}>
        {(['grid', 'list'] as const).map((v) => {
          const Icon = v === 'grid' ? LayoutGrid : List;
          return (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              aria-label={t(`library.view.${v}`)}
              onClick={() => onView(v)}
              data-testid={`view-${v}`}
              className={cn(
                'rounded p-1.5',
                view === v ? 'bg-muted text-foreground' : 'text-muted-foreground hover:text-foreground',
              )}
            >
              <Icon className="size-4" aria-hidden />
            </button>
          );
        })}
      </div>
    </div>
  );
}

function FilterSelect({
  label,
  value,
  onChange,
  testId,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Select.Root value={value} onValueChange={onChange}>
      <Select.Trigger className="w-40" aria-label={label} data-testid={testId} />
      <Select.Content>
        <Select.Item value={ALL}>{t('library.filter.label', { label, value: t('library.filter.all') })}</Select.Item>
        {children}
      </Select.Content>
    </Select.Root>
  );
}
