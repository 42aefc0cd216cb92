import { isRpcError } from '@shared/contract/errors';
import type { ScheduleDescription } from '@shared/contract/schedule';
import { describeCron } from '@shared/schedule/describe-cron';
import { parseRecurrence } from '@shared/schedule/recurrence';
import { CalendarClock } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useRpc } from '../../app/use-rpc';
import { Field, Input } from '../../components/ui/input';
import { Select } from '../../components/ui/select';
import { Tabs } from '../../components/ui/tabs';
import { formatDateTime } from '../../lib/format';
import { errorAt } from '../field-errors';
import { fromWallClockInput, sourceLoops, type LiveDraft } from '../live-draft';
import { cronErrorSentence } from '../schedule-errors';
import type { DraftSectionProps } from './draft-props';
import { Section } from './Section';
import { WeeklyPicker } from './WeeklyPicker';

const STARTS: readonly LiveDraft['start']['kind'][] = ['manual', 'once', 'recurring'];
/**
 * `afterLoops` is what "Play the source N times" already says: it is offered only to a live that
 * was saved with it, so one setting, not two, counts the plays.
 */
const ENDS: readonly LiveDraft['end']['kind'][] = ['none', 'afterDuration', 'at'];

/** When the live starts (by hand, once at a local time, on a cron) and when it ends. */
export function ScheduleSection({ draft, setDraft, errors }: DraftSectionProps) {
  const { t } = useTranslation();
  const { start, end } = draft;
  const setStart = (patch: Partial<LiveDraft['start']>): void => setDraft((d) => ({ ...d, start: { ...d.start, ...patch } }));
  const setEnd = (patch: Partial<LiveDraft['end']>): void => setDraft((d) => ({ ...d, end: { ...d.end, ...patch } }));
  return (
    <Section title={t('dialog.schedule.title')} icon={<CalendarClock aria-hidden />}>
      <Tabs.Root value={start.kind} onValueChange={(kind) => setStart({ kind: kind as LiveDraft['start']['kind'] })}>
        <Tabs.List aria-label={t('dialog.schedule.start')}>
          {STARTS.map((kind) => (
            <Tabs.Trigger key={kind} value={kind} data-testid={`start-${kind}`}>
              {t(`start.${kind}`)}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="manual">
          <p className="text-sm text-muted-foreground">{t('dialog.schedule.manualHint')}</p>
        </Tabs.Content>
        <Tabs.Content value="once">
          <Field
            label={t('dialog.schedule.at')}
            name="start.at"
            error={errorAt(errors, 'start.at') ?? errorAt(errors, 'start.timeZone')}
            hint={t('dialog.schedule.zone', { zone: start.timeZone })}
          >
            {({ id, invalid, describedBy }) => (
              <Input
                id={id}
                type="datetime-local"
                aria-invalid={invalid}
                aria-describedby={describedBy}
                value={start.at}
                onChange={(e) => setStart({ at: e.target.value })}
                className="w-64"
              />
            )}
          </Field>
          <WhenInWords wallClock={start.at} timeZone={start.timeZone} testId="start-at-words" />
        </Tabs.Content>
        <Tabs.Content value="recurring" className="space-y-3">
          <WeeklyPicker cron={start.cron} onChange={(cron) => setStart({ cron })} />
          <Field
            label={t('dialog.schedule.cron')}
            name="start.cron"
            error={errorAt(errors, 'start.cron') ?? errorAt(errors, 'start.timeZone')}
            hint={t('dialog.schedule.cronHint', { zone: start.timeZone })}
          >
            {({ id, invalid, describedBy }) => (
              <Input
                id={id}
                aria-invalid={invalid}
                aria-describedby={describedBy}
                className="w-64 font-mono"
                value={start.cron}
                onChange={(e) => setStart({ cron: e.target.value })}
              />
            )}
          </Field>
          {start.kind === 'recurring' && <CronDescription cron={start.cron} timeZone={start.timeZone} />}
        </Tabs.Content>
      </Tabs.Root>
      <div className="grid grid-cols-2 gap-3 pt-1">
        <Field label={t('dialog.schedule.end')} name="end" error={errors.end}>
          {({ id }) => (
            <Select.Root value={end.kind} onValueChange={(kind) => setEnd({ kind: kind as LiveDraft['end']['kind'] })}>
              <Select.Trigger id={id} data-testid="end-kind" />
              <Select.Content>
                {(end.kind === 'afterLoops' ? [...ENDS, 'afterLoops' as const] : ENDS).map((kind) => (
                  <Select.Item key={kind} value={kind} disabled={kind === 'afterLoops' && !sourceLoops(draft.source.kind)}>
                    {t(`end.${kind}`)}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select.Root>
          )}
        </Field>
        {end.kind === 'afterDuration' && (
          <Field label={t('dialog.schedule.minutes')} name="end.seconds" error={errorAt(errors, 'end.seconds')}>
            {({ id, invalid }) => (
              <Input
                id={id}
                type="number"
                min={1}
                aria-invalid={invalid}
                value={end.minutes}
                onChange={(e) => setEnd({ minutes: e.target.value })}
              />
            )}
          </Field>
        )}
        {end.kind === 'at' && (
          <Field
            label={t('dialog.schedule.endAt')}
            name="end.at"
            error={errorAt(errors, 'end.at')}
            hint={t('dialog.schedule.zone', { zone: start.timeZone })}
          >
            {({ id, invalid }) => (
              <Input
                id={id}
                type="datetime-local"
                aria-invalid={invalid}
                value={end.at}
                onChange={(e) => setEnd({ at: e.target.value })}
              />
            )}
          </Field>
        )}
        {end.kind === 'afterLoops' && (
          <Field
            label={t('dialog.schedule.loops')}
            name="end.count"
            error={errorAt(errors, 'end.count')}
            hint={t('dialog.schedule.loopsHint')}
          >
            {({ id, invalid }) => (
              <Input
                id={id}
                type="number"
                min={1}
                aria-invalid={invalid}
                value={end.count}
                onChange={(e) => setEnd({ count: e.target.value })}
              />
            )}
          </Field>
        )}
      </div>
    </Section>
  );
}

/** A typed wall-clock time said back in the UI language (24 h in French) with its zone. */
function WhenInWords({ wallClock, timeZone, testId }: { wallClock: string; timeZone: string; testId: string }) {
  const { t, i18n } = useTranslation();
  const iso = fromWallClockInput(wallClock, timeZone);
  if (iso === '') return null;
  return (
    <p className="text-xs text-muted-foreground" data-testid={testId}>
      {t('dialog.schedule.inWords', { when: formatDateTime(iso, i18n.language, timeZone, 'full'), zone: timeZone })}
    </p>
  );
}

/** The cron in words and its next starts, from `schedule.describe` (or the same maths locally on an older engine). */
function CronDescription({ cron, timeZone }: { cron: string; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('fr') ? 'fr' : 'en';
  // Debounced: one call once the streamer stops typing.
  const described = useRpc(
    `describe:${lang}:${timeZone}:${cron}`,
    (api) =>
      api.schedule.describe({ cron, timeZone, lang }).catch((error: unknown) => {
        if (isRpcError(error) && error.code === 'UNKNOWN_METHOD') return describeLocally(cron, timeZone, lang);
        throw error;
      }),
    { debounceMs: 300, keepPrevious: true },
  );
  if (described.error !== undefined) {
    const issue = isRpcError(described.error) ? described.error.issues?.[0]?.message : undefined;
    const message = issue ?? (described.error instanceof Error ? described.error.message : String(described.error));
    return (
      <p className="text-xs text-danger" data-testid="cron-error">
        {cronErrorSentence(message, t)}
      </p>
    );
  }
  if (!described.data) return null;
  return (
    <div className="rounded-lg bg-muted/60 px-3 py-2 text-sm" data-testid="cron-description">
      <p className="font-medium">{described.data.text}</p>
      <p className="mt-1 text-xs text-muted-foreground">
        {t('dialog.schedule.next')}{' '}
        {described.data.next
          .slice(0, 3)
          .map((at) => formatDateTime(at, i18n.language, timeZone))
          .join(' · ')}
      </p>
    </div>
  );
}

function describeLocally(cron: string, timeZone: string, lang: 'en' | 'fr'): ScheduleDescription {
  const next = parseRecurrence(cron, timeZone).nextTimes(Date.now(), 5);
  return { text: describeCron(cron, lang), next: next.map((at) => new Date(at).toISOString()) };
}
