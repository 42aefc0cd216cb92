import { DESTINATION_TEST_SECONDS, type DestinationTestResult } from '@shared/contract/lives';
import { CheckCircle2, FlaskConical, Loader2, OctagonAlert, WifiOff } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import { Button } from '../../components/ui/button';
import { cn } from '../../lib/cn';
import { messageOf } from '../../lib/message';
import { destinationInput, type DestinationDraft } from '../live-draft';

const LOOK: Readonly<Record<DestinationTestResult['outcome'], { className: string; Icon: typeof CheckCircle2 }>> = {
  accepted: { className: 'text-green-700 dark:text-success', Icon: CheckCircle2 },
  refused: { className: 'text-danger', Icon: OctagonAlert },
  unreachable: { className: 'text-amber-700 dark:text-warning', Icon: WifiOff },
  failed: { className: 'text-danger', Icon: OctagonAlert },
};

/**
 * "Test this destination": the engine publishes its test pattern there for a few seconds and
 * says whether the platform took it, with the key typed (or the stored one) — before going live.
 */
export function DestinationTest({ destination, liveId }: { destination: DestinationDraft; liveId: string | undefined }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'testing' } | { kind: 'done'; result: DestinationTestResult } | { kind: 'error'; message: string }
  >({ kind: 'idle' });
  const run = (): void => {
    setState({ kind: 'testing' });
    api.lives
      .testDestination({ destination: destinationInput(destination), ...(liveId && destination.id ? { liveId } : {}) })
      .then(
        (result) => setState({ kind: 'done', result }),
        (error: unknown) => setState({ kind: 'error', message: messageOf(error, i18n) }),
      );
  };
  const look = state.kind === 'done' ? LOOK[state.result.outcome] : null;
  return (
    <div className="col-span-2 flex flex-wrap items-center gap-3" data-testid="destination-test">
      <Button size="sm" variant="secondary" onClick={run} disabled={state.kind === 'testing'} data-testid="test-destination">
        {state.kind === 'testing' ? <Loader2 className="animate-spin" aria-hidden /> : <FlaskConical aria-hidden />}
        {state.kind === 'testing'
          ? t('liveActions.testing', { seconds: DESTINATION_TEST_SECONDS })
          : t('liveActions.test', { seconds: DESTINATION_TEST_SECONDS })}
      </Button>
      <p
        className="min-w-0 flex-1 text-xs"
        role="status"
        aria-live="polite"
        data-testid="test-result"
        data-outcome={state.kind === 'done' ? state.result.outcome : undefined}
      >
        {state.kind === 'done' && look && (
          <span className={cn('inline-flex items-start gap-1.5', look.className)}>
            <look.Icon className="mt-px size-3.5 shrink-0" aria-hidden />
            <span>
              <strong className="font-semibold">{t(`liveActions.outcome.${state.result.outcome}`)}</strong> {state.result.message}
            </span>
          </span>
        )}
        {state.kind === 'error' && <span className="text-danger">{state.message}</span>}
      </p>
    </div>
  );
}
