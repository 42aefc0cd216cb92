import type { Live } from '@shared/contract/lives';
import { Clapperboard, Plus, Radio } from 'lucide-react';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLives } from '../app/lives-context';
import { navigate } from '../app/route';
import { useMinuteClock } from '../app/use-clock';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import type { LiveDialogMode } from '../lives/dialog/LiveDialog';
import { browserTimeZone, demoDraft, emptyDraft } from '../lives/live-draft';
import { LiveRow } from '../lives/LiveRow';
import { sortedLives } from '../lives/lives-store';
import { countOnAir } from '../lives/on-air';

// The dialog (and its Radix lists and tabs) loads on first use: the list does not need it.
const LiveDialog = lazy(() => import('../lives/dialog/LiveDialog'));

/** Every live of this engine, kept current by events; the place to create one. */
export function LivesPage() {
  const { t } = useTranslation();
  const status = useLives((s) => s.status);
  const error = useLives((s) => s.error);
  const byId = useLives((s) => s.lives);
  const lives = useMemo(() => sortedLives(byId), [byId]);
  const [dialog, setDialog] = useState<LiveDialogMode | null>(null);
  const [demo, setDemo] = useState(false);
  const now = useMinuteClock();
  const onAir = countOnAir(byId);

  const openCreate = (): void => {
    setDemo(false);
    setDialog({ kind: 'create', initial: emptyDraft(browserTimeZone(), t('destination.defaultName.hls-local')) });
  };
  const openDemo = (): void => {
    setDemo(true);
    setDialog({
      kind: 'create',
      initial: demoDraft(browserTimeZone(), t('lives.demoTitle'), t('destination.defaultName.hls-local')),
    });
  };

  return (
    <div className="mx-auto max-w-5xl space-y-6 p-8">
      <header className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t('lives.title')}</h1>
          <p className="mt-1 text-sm text-muted-foreground">
            {status === 'ready' && lives.length > 0 ? t('lives.summary', { count: lives.length, onAir }) : t('lives.subtitle')}
          </p>
        </div>
        {lives.length > 0 && (
          <Button variant="primary" onClick={openCreate} data-testid="new-live">
            <Plus aria-hidden />
            {t('lives.new')}
          </Button>
        )}
      </header>

      {status === 'loading' && <p className="text-sm text-muted-foreground">{t('lives.loading')}</p>}
      {status === 'error' && (
        <Alert.Root tone="danger">
          <Alert.Title>{t('lives.loadFailed')}</Alert.Title>
          <Alert.Description>{error}</Alert.Description>
        </Alert.Root>
      )}
      {status === 'ready' && lives.length === 0 && <EmptyLives onDemo={openDemo} onCreate={openCreate} />}
      {lives.length > 0 && (
        <Card.Root>
          <ul className="divide-y divide-border" data-testid="lives-list">
            {lives.map((live) => (
              <LiveRow key={live.id} live={live} now={now} />
            ))}
          </ul>
        </Card.Root>
      )}

      {dialog && (
        <Suspense fallback={null}>
          <LiveDialog
            mode={dialog}
            onClose={() => setDialog(null)}
            // The demo opens on its own page, where Start and the preview are.
            onSaved={demo ? (live: Live) => navigate({ page: 'live', liveId: live.id }) : undefined}
          />
        </Suspense>
      )}
    </div>
  );
}

function EmptyLives({ onDemo, onCreate }: { onDemo: () => void; onCreate: () => void }) {
  const { t } = useTranslation();
  return (
    <Card.Root className="flex flex-col items-center gap-4 px-8 py-14 text-center" data-testid="lives-empty">
      <div className="flex size-14 items-center justify-center rounded-2xl bg-primary/10 text-primary">
        <Radio className="size-7" aria-hidden />
      </div>
      <div className="space-y-1">
        <h2 className="text-lg font-semibold">{t('lives.emptyTitle')}</h2>
        <p className="max-w-md text-sm text-muted-foreground">{t('lives.emptyBody')}</p>
      </div>
      <div className="flex gap-2">
        <Button variant="primary" onClick={onDemo} data-testid="create-demo">
          <Clapperboard aria-hidden />
          {t('lives.createDemo')}
        </Button>
        <Button onClick={onCreate} data-testid="new-live">
          <Plus aria-hidden />
          {t('lives.new')}
        </Button>
      </div>
    </Card.Root>
  );
}
