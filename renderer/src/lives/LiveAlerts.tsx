import type { Live, Run } from '@shared/contract/lives';
import { isActive } from '@shared/lives/state-machine';
import { KeyRound } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { destinationsMissingKey } from './destinations';
import { eventReasonInWords } from '../lib/message';
import { listOfNames } from './names';

/**
 * What needs the streamer at the top of a live's page, where they look first: why it failed,
 * and which destination has no stream key (it could not start without one).
 */
export function LiveAlerts({ live, latestRun, onEdit }: { live: Live; latestRun: Run | undefined; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const missing = destinationsMissingKey(live);
  const troubled = live.state === 'failed' || live.state === 'interrupted';
  const reason = troubled && latestRun?.id !== undefined ? latestRun.endReason : undefined;
  if (!troubled && missing.length === 0) return null;
  return (
    <div className="space-y-3">
      {troubled && (
        <Alert.Root tone={live.state === 'failed' ? 'danger' : 'warning'} data-testid="live-failure">
          <Alert.Title>{t(live.state === 'failed' ? 'detail.failedTitle' : 'detail.interruptedTitle')}</Alert.Title>
          {reason && (
            <Alert.Description data-testid="live-failure-reason">
              {eventReasonInWords(reason, latestRun?.endText, i18n)}
            </Alert.Description>
          )}
        </Alert.Root>
      )}
      {missing.length > 0 && (
        <Alert.Root
          tone="warning"
          data-testid="missing-key-alert"
          action={
            isActive(live.state) ? undefined : (
              <Button size="sm" variant="secondary" onClick={onEdit} data-testid="enter-key">
                <KeyRound aria-hidden />
                {t('detail.enterKey', { count: missing.length })}
              </Button>
            )
          }
        >
          <Alert.Title>
            {t('detail.missingKeyTitle', {
              count: missing.length,
              names: listOfNames(
                missing.map((d) => d.name),
                i18n.language,
              ),
            })}
          </Alert.Title>
          <Alert.Description>{t('detail.missingKeyBody', { count: missing.length })}</Alert.Description>
        </Alert.Root>
      )}
    </div>
  );
}
