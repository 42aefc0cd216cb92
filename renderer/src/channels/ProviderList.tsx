import type { Provider } from '@shared/contract/iptv';
import { Pencil, Plus, RefreshCw, Trash2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/ui/button';
import { Tooltip } from '../components/ui/tooltip';
import { cn } from '../lib/cn';
import { providerTone } from './ProviderStatus';

const DOT = { neutral: 'bg-muted-foreground/50', success: 'bg-success', warning: 'bg-warning', danger: 'bg-danger' } as const;

interface ProviderListProps {
  providers: readonly Provider[];
  selectedId: string | null;
  nowMs: number;
  onSelect: (provider: Provider) => void;
  onAdd: () => void;
  onEdit: (provider: Provider) => void;
  onRefresh: (provider: Provider) => void;
  onDelete: (provider: Provider) => void;
}

/** The providers, each with a dot for its state and its channel count; actions on the selected one. */
export function ProviderList({ providers, selectedId, nowMs, onSelect, onAdd, onEdit, onRefresh, onDelete }: ProviderListProps) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="providers-title" className="space-y-2">
      <div className="flex items-center justify-between">
        <h2 id="providers-title" className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">
          {t('channels.providers.title')}
        </h2>
        <Tooltip.Simple text={t('channels.providers.add')}>
          <Button size="icon" variant="ghost" onClick={onAdd} aria-label={t('channels.providers.add')} data-testid="add-provider">
            <Plus aria-hidden />
          </Button>
        </Tooltip.Simple>
      </div>
      <ul className="space-y-1" data-testid="providers">
        {providers.map((provider) => {
          const selected = provider.id === selectedId;
          const tone = providerTone(provider, nowMs);
          return (
            <li key={provider.id}>
              <button
                type="button"
                onClick={() => onSelect(provider)}
                aria-current={selected ? 'true' : undefined}
                data-testid="provider"
                className={cn(
                  'flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm',
                  selected ? 'bg-muted font-medium' : 'text-muted-foreground hover:bg-muted/60 hover:text-foreground',
                )}
              >
                <span className={cn('size-2 shrink-0 rounded-full', DOT[tone])} aria-hidden />
                <span className="min-w-0 flex-1 truncate">{provider.name}</span>
                <span className="text-xs text-muted-foreground tabular-nums">
                  {provider.status.catalog.state === 'refreshing' ? (
                    <RefreshCw className="size-3 animate-spin" aria-label={t('channels.status.refreshing')} />
                  ) : (
                    new Intl.NumberFormat(i18n.language).format(provider.status.catalog.channelCount)
                  )}
                </span>
              </button>
              {selected && (
                <div className="mt-1 flex gap-1 pl-6">
                  <Button size="sm" variant="ghost" onClick={() => onRefresh(provider)} data-testid="refresh-provider">
                    <RefreshCw aria-hidden />
                    {t('channels.providers.refresh')}
                  </Button>
                  <Tooltip.Simple text={t('channels.providers.edit')}>
                    <Button
                      size="icon"
                      variant="ghost"
                      onClick={() => onEdit(provider)}
                      aria-label={t('channels.providers.edit')}
                    >
                      <Pencil aria-hidden />
                    </Button>
                  </Tooltip.Simple>
                  <Tooltip.Simple text={t('channels.providers.delete')}>
                    <Button
                      size="icon"
                      variant="ghost"
                      onClick={() => onDelete(provider)}
                      aria-label={t('channels.providers.delete')}
                      data-testid="delete-provider"
                    >
                      <Trash2 aria-hidden />
                    </Button>
                  </Tooltip.Simple>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
