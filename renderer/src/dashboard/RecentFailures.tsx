import { eventReasonInWords } from '../lib/message';
import type { Live } from '@shared/contract/lives';
import { OctagonAlert, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { toastError } from '../app/notify';
import { hrefOf } from '../app/route';
import { useRpc } from '../app/use-rpc';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { formatDateTime } from '../lib/format';

/** The lives that failed last, newest first, each with its reason and a one-click retry. */
export function RecentFailures({ lives }: { lives: readonly Live[] }) {
  const { t } = useTranslation();
  return (
    <Card.Root data-testid="failures">
      <Card.Header>
        <Card.Title className="inline-flex items-center gap-2">
          <OctagonAlert className="size-4 text-muted-foreground" aria-hidden />
          {t('dashboard.failures')}
        </Card.Title>
      </Card.Header>
      {lives.length === 0 ? (
        <p className="px-5 py-4 text-sm text-muted-foreground">{t('dashboard.noFailures')}</p>
      ) : (
        <ul className="divide-y divide-border">
          {lives.map((live) => (
            <Failure key={live.id} live={live} />
          ))}
        </ul>
      )}
    </Card.Root>
  );
}

function Failure({ live }: { live: Live }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  // Asked when the live failed (its updatedAt), never on a timer.
  const run = useRpc(`failure:${live.id}:${live.updatedAt}`, (a) => a.lives.listRuns({ liveId: live.id, limit: 1 })).data
    ?.items[0];
  const retry = (): void => {
    setBusy(true);
    api.lives
      .start({ liveId: live.id })
      .catch((error: unknown) => toastError(error, t('lives.startFailed', { title: live.title })))
      .finally(() => setBusy(false));
  };
  return (
    <li className="flex items-start gap-3 px-5 py-3 text-sm" data-testid="failure" data-live-id={live.id}>
      <div className="min-w-0 flex-1 space-y-0.5">
        <a href={hrefOf({ page: 'live', liveId: live.id })} className="block truncate font-medium hover:underline">
          {live.title}
        </a>
        <p className="text-xs text-danger" data-testid="failure-reason">
          {run ? (run.endReason === undefined ? '' : eventReasonInWords(run.endReason, run.endText, i18n)) : t('common.loading')}
        </p>
        {run?.endedAt && <p className="text-xs text-muted-foreground">{formatDateTime(run.endedAt, i18n.language)}</p>}
      </div>
      <Button
        size="sm"
        onClick={retry}
        disabled={busy}
        data-testid="retry"
        aria-label={t('dashboard.retryWho', { title: live.title })}
      >
        <RotateCcw aria-hidden />
        {t('dashboard.retry')}
      </Button>
    </li>
  );
}
