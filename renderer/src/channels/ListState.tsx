import { useTranslation } from 'react-i18next';
import { Alert } from '../components/ui/alert';
import { messageOf } from '../lib/message';
import { SEARCH_MIN_CHARS, type ChannelPages } from './channel-pages';
import { useChannelList } from './use-channel-pages';

/**
 * The line under the search box: how many channels, or results, or why there are none. Its own
 * component so a page arriving re-renders this line, not the channel page around it.
 */
export function ListSummary({
  pages,
  hasProvider,
  query,
  shortQuery,
}: {
  pages: ChannelPages | null;
  hasProvider: boolean;
  query: string;
  shortQuery: boolean;
}) {
  const { t } = useTranslation();
  const list = useChannelList(pages);
  return (
    <p className="text-xs text-muted-foreground" data-testid="list-summary" aria-live="polite">
      {!hasProvider
        ? ''
        : shortQuery
          ? t('channels.search.tooShort', { count: SEARCH_MIN_CHARS })
          : list.status === 'loading'
            ? t('common.loading')
            : query !== ''
              ? list.loaded === 0
                ? t('channels.search.none', { query })
                : t(list.hasMore ? 'channels.search.manyResults' : 'channels.search.results', { count: list.loaded })
              : t('channels.list.count', { count: list.count })}
    </p>
  );
}

/** Why the list could not be read, when it could not. */
export function ListError({ pages }: { pages: ChannelPages | null }) {
  const { t, i18n } = useTranslation();
  const list = useChannelList(pages);
  if (list.status !== 'error') return null;
  return (
    <Alert.Root tone="danger" className="m-4">
      <Alert.Title>{t('channels.list.loadFailed')}</Alert.Title>
      <Alert.Description>{messageOf(list.error, i18n)}</Alert.Description>
    </Alert.Root>
  );
}
