import type { LibraryItem, OptimizeJob, RenditionId } from '@shared/contract/library';
import { renditionsFor } from '@shared/ffmpeg/optimize-args';
import { Gauge, Loader2, X } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { toastError } from '../app/notify';
import { hrefOf } from '../app/route';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { cn } from '../lib/cn';
import { formatDuration, formatPercent, formatSpeed } from '../lib/format';
import { mediaLine } from './item-facts';

const LIVE_STATES: readonly OptimizeJob['state'][] = ['queued', 'running', 'paused'];

/**
 * One click makes a streaming-ready copy, and the renditions the file is large enough for (the
 * others are not offered: never upscaled). Its jobs show progress, speed and ETA, with cancel;
 * the copies already made are listed, each an item of its own.
 */
export function OptimizeCard({
  item,
  jobs,
  renditions,
}: {
  item: LibraryItem;
  jobs: readonly OptimizeJob[];
  renditions: readonly LibraryItem[];
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const video = item.media?.video;
  const possible = video?.width && video.height ? renditionsFor(video.width, video.height) : [];
  const [outputs, setOutputs] = useState<RenditionId[]>(['stream']);
  const [busy, setBusy] = useState(false);
  const running = jobs.some((j) => LIVE_STATES.includes(j.state));
  const start = async (): Promise<void> => {
    setBusy(true);
    try {
      await api.library.optimize({ itemId: item.id, outputs });
    } catch (error) {
      toastError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card.Root data-testid="item-optimize">
      <Card.Header>
        <Card.Title>{t('library.optimize.title')}</Card.Title>
      </Card.Header>
      <Card.Body className="space-y-4 text-sm">
        {possible.length === 0 ? (
          <p className="text-muted-foreground">{t('library.optimize.notPossible')}</p>
        ) : (
          <>
            <p className="text-muted-foreground">{t('library.optimize.hint')}</p>
            <div className="flex flex-wrap gap-1.5" role="group" aria-label={t('library.optimize.outputs')}>
              {possible.map((id) => {
                const on = outputs.includes(id);
                return (
                  <button
                    key={id}
                    type="button"
                    aria-pressed={on}
                    onClick={() => setOutputs((o) => (on ? o.filter((x) => x !== id) : [...o, id]))}
                    data-testid={`output-${id}`}
                    className={cn(
                      'rounded-full border px-3 py-1 text-xs font-medium',
                      on
                        ? 'border-primary bg-primary/15 text-primary'
                        : 'border-border text-muted-foreground hover:text-foreground',
                    )}
                  >
                    {id === 'stream' ? t('library.optimize.streamCopy') : id}
                  </button>
                );
              })}
            </div>
            <Button
              variant="primary"
              size="sm"
              disabled={busy || running || outputs.length === 0}
              onClick={() => void start()}
              data-testid="optimize-start"
            >
              {busy ? <Loader2 className="animate-spin" aria-hidden /> : <Gauge aria-hidden />}
              {t('library.optimize.start')}
            </Button>
          </>
        )}
        {jobs.length > 0 && (
          <ul className="space-y-3" data-testid="item-jobs">
            {jobs.slice(0, 5).map((job) => (
              <JobRow key={job.id} job={job} locale={i18n.language} />
            ))}
          </ul>
        )}
        {renditions.length > 0 && (
          <div className="space-y-1.5">
            <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{t('library.optimize.made')}</h3>
            <ul className="space-y-1" data-testid="item-renditions">
              {renditions.map((r) => (
                <li key={r.id}>
                  <a
                    href={hrefOf({ page: 'libraryItem', itemId: r.id })}
                    className="flex items-center justify-between gap-2 rounded-md px-2 py-1 hover:bg-muted"
                  >
                    <span className="font-medium">
                      {r.rendition === 'stream' ? t('library.optimize.streamCopy') : r.rendition}
                    </span>
                    <span className="truncate text-xs text-muted-foreground">{mediaLine(r, i18n.language, t)}</span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
      </Card.Body>
    </Card.Root>
  );
}

function JobRow({ job, locale }: { job: OptimizeJob; locale: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const active = LIVE_STATES.includes(job.state);
  const tone =
    job.state === 'done' ? 'success' : job.state === 'failed' ? 'danger' : job.state === 'paused' ? 'warning' : 'neutral';
  const figures = [
    formatPercent(job.percent, locale),
    job.speed !== null ? formatSpeed(job.speed, locale) : null,
    job.etaSec !== null && active ? t('library.optimize.eta', { time: formatDuration(job.etaSec * 1000) }) : null,
    job.encoder,
  ].filter(Boolean);
  return (
    <li className="space-y-1.5" data-testid="job" data-state={job.state}>
      <div className="flex items-center justify-between gap-2">
        <span className="flex items-center gap-2">
          <Badge tone={tone}>{t(`library.optimize.state.${job.state}`)}</Badge>
          <span className="text-xs text-muted-foreground">
            {job.outputs.map((o) => (o === 'stream' ? t('library.optimize.streamCopy') : o)).join(', ')}
          </span>
        </span>
        {active && (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => void api.library.cancelJob({ jobId: job.id }).catch(toastError)}
            data-testid="job-cancel"
          >
            <X aria-hidden />
            {t('library.optimize.cancel')}
          </Button>
        )}
      </div>
      {active && (
        <div className="h-1.5 overflow-hidden rounded-full bg-muted">
          <div
            className="h-full rounded-full bg-primary transition-[width]"
            style={{ width: `${Math.min(100, job.percent)}%` }}
          />
        </div>
      )}
      <p className="text-xs text-muted-foreground">{job.error ?? job.waitReason ?? figures.join(' · ')}</p>
    </li>
  );
}
