import type { Live } from '@shared/contract/lives';
import { isActive } from '@shared/lives/state-machine';
import { ArrowLeft, Copy, Pencil, Trash2 } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useConnection } from '../app/api-context';
import { useLives } from '../app/lives-context';
import { toastError } from '../app/notify';
import { hrefOf, navigate } from '../app/route';
import { useMinuteClock } from '../app/use-clock';
import { useRpc } from '../app/use-rpc';
import { ChatPanel } from '../chat/ChatPanel';
import { Button } from '../components/ui/button';
import { Dialog } from '../components/ui/dialog';
import { Tooltip } from '../components/ui/tooltip';
import { sourceSummary } from '../lives/describe-live';
import { DestinationHealthList } from '../lives/DestinationHealthList';
import { HlsPreview } from '../lives/HlsPreview';
import { LiveAlerts } from '../lives/LiveAlerts';
import { browserTimeZone, draftFromLive } from '../lives/live-draft';
import { StartStopButton } from '../lives/LiveActions';
import { RunHistory } from '../lives/RunHistory';
import { ScheduleSummary } from '../lives/ScheduleSummary';
import { StateBadge } from '../lives/StateBadge';
import { NowPlayingLine } from '../lives/NowPlayingLine';
import { StatsPanel } from '../lives/StatsPanel';
import { useSession } from '../team/session-context';
import { MachineBadge } from '../app/MachineBadge';

const LiveDialog = lazy(() => import('../lives/dialog/LiveDialog'));

/** One live: what needs attention, preview, figures, destinations and the history of its runs. */
export function LiveDetailPage({ liveId }: { liveId: string }) {
  const { t } = useTranslation();
  const live = useLives((s) => s.lives[liveId]);
  const status = useLives((s) => s.status);
  if (!live) {
    return (
      <div className="mx-auto w-full max-w-5xl space-y-4 p-8">
        <BackLink />
        <p className="text-sm text-muted-foreground">{status === 'loading' ? t('lives.loading') : t('detail.notFound')}</p>
      </div>
    );
  }
  return <LiveDetail key={live.id} live={live} />;
}

export default LiveDetailPage;

function BackLink() {
  const { t } = useTranslation();
  return (
    <a
      href={hrefOf({ page: 'lives' })}
      className="inline-flex items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground"
    >
      <ArrowLeft className="size-4" aria-hidden />
      {t('detail.back')}
    </a>
  );
}

function LiveDetail({ live }: { live: Live }) {
  const { t } = useTranslation();
  const api = useApi();
  const connection = useConnection();
  const sample = useLives((s) => s.stats[live.id]);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [copying, setCopying] = useState(false);
  const now = useMinuteClock();
  const { status, shared } = useSession();
  // Only the owner edits a live (an admin on a shared agent views and stops it).
  const canEdit = !shared || live.ownerId === status.user?.id;
  // The latest run: its start and restarts while it runs, its end reason once it failed.
  const latestRun = useRpc(`runs:${live.id}:${live.state}:${live.currentRunId ?? ''}`, (a) =>
    a.lives.listRuns({ liveId: live.id, limit: 1 }),
  ).data?.items[0];
  const active = isActive(live.state);

  const duplicate = (): void => {
    setCopying(true);
    api.lives
      .duplicate({ liveId: live.id, title: t('liveActions.copyTitle', { title: live.title }).slice(0, 200) })
      .then((copy) => navigate({ page: 'live', liveId: copy.id }))
      .catch((error: unknown) => toastError(error, t('liveActions.duplicateFailed')))
      .finally(() => setCopying(false));
  };

  const remove = (): void => {
    api.lives
      .delete({ liveId: live.id })
      .then(() => navigate({ page: 'lives' }))
      .catch((error: unknown) => toastError(error));
  };

  return (
    <div className="mx-auto w-full max-w-6xl space-y-6 p-8" data-testid="live-detail">
      <BackLink />
      <LiveAlerts live={live} latestRun={latestRun} onEdit={() => setEditing(true)} />
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <div className="flex items-center gap-3">
            <h1 className="truncate text-2xl font-semibold">{live.title}</h1>
            {/* The last state known before the link dropped, shown as such. */}
            <StateBadge state={live.state} className={connection.state === 'connected' ? undefined : 'opacity-50'} />
            <MachineBadge />
          </div>
          <p className="text-sm text-muted-foreground">{sourceSummary(live.source, t)}</p>
          <ScheduleSummary live={live} now={now} className="text-sm" />
        </div>
        <div className="flex items-center gap-2">
          {canEdit && (
            <Tooltip.Simple text={t('liveActions.duplicate')}>
              <span>
                <Button
                  size="icon"
                  variant="ghost"
                  onClick={duplicate}
                  disabled={copying}
                  aria-label={t('liveActions.duplicate')}
                  data-testid="duplicate-live"
                >
                  <Copy aria-hidden />
                </Button>
              </span>
            </Tooltip.Simple>
          )}
          <Tooltip.Simple text={active ? t('detail.editWhileRunning') : t('detail.edit')}>
            <span>
              <Button
                size="icon"
                variant="ghost"
                onClick={() => setEditing(true)}
                aria-label={t('detail.edit')}
                data-testid="edit-live"
              >
                <Pencil aria-hidden />
              </Button>
            </span>
          </Tooltip.Simple>
          <Tooltip.Simple text={t('detail.delete')}>
            <span>
              <Button
                size="icon"
                variant="ghost"
                onClick={() => setDeleting(true)}
                disabled={active}
                aria-label={t('detail.delete')}
                data-testid="delete-live"
              >
                <Trash2 aria-hidden />
              </Button>
            </span>
          </Tooltip.Simple>
          <StartStopButton live={live} />
        </div>
      </header>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-4">
          <HlsPreview live={live} />
          {active && connection.state === 'connected' && <NowPlayingLine stats={sample?.stats} />}
          <StatsPanel
            stats={connection.state === 'connected' ? sample?.stats : undefined}
            run={latestRun}
            running={active}
            frozen={connection.state !== 'connected'}
          />
        </div>
        <DestinationHealthList
          live={live}
          stats={sample?.stats}
          frozen={connection.state !== 'connected'}
          canEdit={canEdit}
          className="self-start"
        />
      </div>

      <ChatPanel live={live} />

      <RunHistory
        liveId={live.id}
        state={live.state}
        currentRunId={live.currentRunId}
        destinationNames={Object.fromEntries(live.destinations.map((d) => [d.id, d.name]))}
      />

      {editing && <EditDialog live={live} onClose={() => setEditing(false)} />}
      {deleting && (
        <Dialog.Root open onOpenChange={(open) => !open && setDeleting(false)}>
          <Dialog.Content closeLabel={t('common.close')} className="w-[min(28rem,calc(100vw-2rem))]">
            <Dialog.Header>
              <Dialog.Title>{t('detail.deleteTitle', { title: live.title })}</Dialog.Title>
              <Dialog.Description>{t('detail.deleteBody')}</Dialog.Description>
            </Dialog.Header>
            <Dialog.Footer>
              <Dialog.Close asChild>
                <Button variant="ghost">{t('common.cancel')}</Button>
              </Dialog.Close>
              <Button variant="danger" onClick={remove} data-testid="confirm-delete">
                <Trash2 aria-hidden />
                {t('detail.delete')}
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Root>
      )}
    </div>
  );
}

/** The edit dialog, frozen on the live as it was when opened (a running live: its title only). */
function EditDialog({ live, onClose }: { live: Live; onClose: () => void }) {
  const [mode] = useState(() => ({
    kind: 'edit' as const,
    live,
    initial: draftFromLive(live, browserTimeZone()),
    titleOnly: isActive(live.state),
  }));
  return (
    <Suspense fallback={null}>
      <LiveDialog mode={mode} onClose={onClose} />
    </Suspense>
  );
}
