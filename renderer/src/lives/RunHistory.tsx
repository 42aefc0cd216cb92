import type { LiveState, Run, RunDetail, RunEvent } from '@shared/contract/lives';
import { AlertTriangle, ArrowRight, History, RotateCcw, Send, StickyNote } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/lives-context';
import { toastError } from '../app/notify';
import { Card } from '../components/ui/card';
import { cn } from '../lib/cn';
import { formatDateTime, formatDuration } from '../lib/format';
import { StateBadge } from './StateBadge';

const LOG_LINES = 200;

/** The runs of a live, newest first; the selected one shows its timeline and redacted log tail. */
export interface RunHistoryProps {
  liveId: string;
  state: LiveState;
  currentRunId: string | undefined;
  /** Destination names by id, to say which one an event is about. */
  destinationNames: Readonly<Record<string, string>>;
}

export function RunHistory({ liveId, state, currentRunId, destinationNames }: RunHistoryProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [picked, setPicked] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    api.lives
      .listRuns({ liveId, limit: 20 })
      .then((page) => alive && setRuns(page.items))
      .catch((error: unknown) => alive && toastError(error));
    return () => {
      alive = false;
    };
  }, [api, liveId, state, currentRunId]);

  const selected = picked ?? currentRunId ?? runs?.[0]?.id ?? null;
  return (
    <Card.Root>
      <Card.Header>
        <Card.Title className="flex items-center gap-2">
          <History className="size-4 text-muted-foreground" aria-hidden />
          {t('detail.runs')}
        </Card.Title>
      </Card.Header>
      {runs !== null && runs.length === 0 && <p className="px-5 py-4 text-sm text-muted-foreground">{t('detail.noRuns')}</p>}
      {runs !== null && runs.length > 0 && (
        <div className="grid grid-cols-[16rem_1fr] divide-x divide-border">
          <ul className="max-h-[28rem] overflow-y-auto py-2" data-testid="runs">
            {runs.map((run) => (
              <li key={run.id}>
                <button
                  type="button"
                  onClick={() => setPicked(run.id)}
                  className={cn(
                    'flex w-full flex-col gap-1 px-4 py-2 text-left hover:bg-muted/60',
                    run.id === selected && 'bg-muted',
                  )}
                  data-testid="run"
                >
                  <span className="flex items-center justify-between gap-2">
                    <span className="text-sm">{formatDateTime(run.startedAt, i18n.language, undefined, 'short')}</span>
                    <StateBadge state={run.state} className="px-2 text-[10px]" />
                  </span>
                  <span className="text-xs text-muted-foreground">
                    {run.endedAt ? formatDuration(Date.parse(run.endedAt) - Date.parse(run.startedAt)) : t('detail.running')}
                    {run.restarts > 0 && ` · ${t('detail.restarts', { count: run.restarts })}`}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {selected && (
            <RunDetailPanel
              key={selected}
              runId={selected}
              current={selected === currentRunId}
              state={state}
              names={destinationNames}
            />
          )}
        </div>
      )}
    </Card.Root>
  );
}

function RunDetailPanel({
  runId,
  current,
  state,
  names,
}: {
  runId: string;
  current: boolean;
  state: LiveState;
  names: Readonly<Record<string, string>>;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [extraLog, setExtraLog] = useState<string[]>([]);

  useEffect(() => {
    let alive = true;
    api.lives
      .getRun({ runId })
      .then((value) => {
        if (!alive) return;
        setDetail(value);
        setExtraLog([]);
      })
      .catch((error: unknown) => alive && toastError(error));
    return () => {
      alive = false;
    };
    // Re-read on each state change of the current run: its timeline grew.
  }, [api, runId, current, state]);

  useEffect(() => {
    if (!current) return;
    return api.on('run.log', (event) => {
      if (event.runId === runId) setExtraLog((lines) => [...lines, ...event.lines].slice(-LOG_LINES));
    });
  }, [api, runId, current]);

  if (!detail) return <div className="p-5 text-sm text-muted-foreground">{t('common.loading')}</div>;
  const log = [...detail.log, ...extraLog].slice(-LOG_LINES);
  return (
    <div className="min-w-0 space-y-4 p-5" data-testid="run-detail">
      {detail.run.endReason && <p className="text-sm">{detail.run.endReason}</p>}
      <ol className="space-y-2" data-testid="run-events">
        {detail.events.map((event, index) => (
          <TimelineItem key={`${event.at}-${index}`} event={event} names={names} />
        ))}
      </ol>
      <div>
        <h4 className="mb-2 text-xs font-semibold tracking-wider text-muted-foreground uppercase">{t('detail.log')}</h4>
        <pre
          className="max-h-72 overflow-auto rounded-lg border border-border bg-background p-3 font-mono text-[11px] leading-relaxed text-muted-foreground"
          data-testid="run-log"
        >
          {log.length > 0 ? log.join('\n') : t('detail.noLog')}
        </pre>
      </div>
    </div>
  );
}

const EVENT_ICON = {
  state: ArrowRight,
  restart: RotateCcw,
  failure: AlertTriangle,
  destination: Send,
  note: StickyNote,
} as const;

function TimelineItem({ event, names }: { event: RunEvent; names: Readonly<Record<string, string>> }) {
  const { t, i18n } = useTranslation();
  const Icon = EVENT_ICON[event.kind];
  const time = new Date(event.at).toLocaleTimeString(i18n.language, { hour12: false });
  const label = (state: string | undefined): string => (state ? t(`state.${state}`, { defaultValue: state }) : '');
  return (
    <li className="flex gap-3 text-sm" data-kind={event.kind}>
      <span className="w-16 shrink-0 font-mono text-xs text-muted-foreground tabular-nums">{time}</span>
      <Icon
        className={cn('mt-0.5 size-3.5 shrink-0', event.kind === 'failure' ? 'text-danger' : 'text-muted-foreground')}
        aria-hidden
      />
      <span className="min-w-0">
        {event.kind === 'state' ? (
          <span className="font-medium">
            {label(event.from)} → {label(event.to)}
          </span>
        ) : (
          <span className="font-medium">
            {t(`runEvent.${event.kind}`)}
            {event.destinationId !== undefined && ` · ${names[event.destinationId] ?? event.destinationId}`}
            {event.kind === 'destination' && event.to && ` → ${t(`health.${event.to}`, { defaultValue: event.to })}`}
          </span>
        )}
        {event.reason && <span className="text-muted-foreground"> — {event.reason}</span>}
      </span>
    </li>
  );
}
