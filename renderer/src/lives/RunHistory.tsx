import type { LiveState, Run, RunDetail, RunEvent } from '@shared/contract/lives';
import { AlertTriangle, ArrowRight, History, RotateCcw, Send, StickyNote } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { useRpc } from '../app/use-rpc';
import { Card } from '../components/ui/card';
import { cn } from '../lib/cn';
import { formatClockTime, formatDateTime, formatDuration } from '../lib/format';
import { ErrorText } from '../components/ErrorText';
import { eventReasonInWords } from '../lib/message';
import { reasonsShownOnce } from './run-timeline';
import { RunAveragesLine } from './RunAveragesLine';
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
  const loaded = useRpc(`runs:${liveId}:${state}:${currentRunId ?? ''}`, (api) => api.lives.listRuns({ liveId, limit: 20 }), {
    keepPrevious: true,
  });
  const runs: Run[] | null = loaded.data?.items ?? null;
  const [picked, setPicked] = useState<string | null>(null);

  const selected = picked ?? currentRunId ?? runs?.[0]?.id ?? null;
  return (
    <Card.Root>
      <Card.Header>
        <Card.Title className="flex items-center gap-2">
          <History className="size-4 text-muted-foreground" aria-hidden />
          {t('detail.runs')}
        </Card.Title>
      </Card.Header>
      {loaded.error !== undefined && <ErrorText error={loaded.error} className="px-5 py-4" />}
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
  const { t, i18n } = useTranslation();
  const api = useApi();
  // Re-read on each state change of the current run: its timeline grew.
  const loaded = useRpc(`run:${runId}:${current ? state : ''}`, (a) => a.lives.getRun({ runId }), { keepPrevious: true });
  const detail: RunDetail | undefined = loaded.data;
  // Lines pushed since the detail was read, tagged with the read they follow.
  const [extraLog, setExtraLog] = useState<{ after: RunDetail | undefined; lines: string[] }>({ after: undefined, lines: [] });

  useEffect(() => {
    if (!current) return;
    return api.on('run.log', (event) => {
      if (event.runId !== runId) return;
      setExtraLog((extra) => ({
        after: detail,
        lines: [...(extra.after === detail ? extra.lines : []), ...event.lines].slice(-LOG_LINES),
      }));
    });
  }, [api, runId, current, detail]);

  if (loaded.error !== undefined && !detail) return <ErrorText error={loaded.error} className="p-5" />;
  if (!detail) return <div className="p-5 text-sm text-muted-foreground">{t('common.loading')}</div>;
  const log = [...detail.log, ...(extraLog.after === detail ? extraLog.lines : [])].slice(-LOG_LINES);
  const reasons = reasonsShownOnce(detail.events, detail.run.endReason);
  return (
    <div className="min-w-0 space-y-4 p-5" data-testid="run-detail">
      {reasons.endReason && <p className="text-sm">{eventReasonInWords(reasons.endReason, detail.run.endText, i18n)}</p>}
      <RunAveragesLine stats={detail.stats} />
      <ol className="space-y-2" data-testid="run-events">
        {detail.events.map((event, index) => (
          <TimelineItem key={`${event.at}-${index}`} event={event} reason={reasons.byEvent[index]} names={names} />
        ))}
      </ol>
      <div>
        <h4 className="mb-2 text-xs font-semibold tracking-wider text-muted-foreground uppercase">{t('detail.log')}</h4>
        {/* Focusable, so a keyboard can scroll a long log (WCAG 2.1.1). */}
        <pre
          className="max-h-72 overflow-auto rounded-lg border border-border bg-background p-3 font-mono text-[11px] leading-relaxed text-muted-foreground focus-visible:ring-2 focus-visible:ring-ring/60 focus-visible:outline-none"
          tabIndex={0}
          aria-label={t('detail.log')}
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

function TimelineItem({
  event,
  reason,
  names,
}: {
  event: RunEvent;
  /** The event's reason, unless an earlier line of this run already said the same sentence. */
  reason: string | undefined;
  names: Readonly<Record<string, string>>;
}) {
  const { t, i18n } = useTranslation();
  const Icon = EVENT_ICON[event.kind];
  const time = formatClockTime(event.at, i18n.language);
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
        {reason && <span className="text-muted-foreground"> — {eventReasonInWords(reason, event.text, i18n)}</span>}
      </span>
    </li>
  );
}
