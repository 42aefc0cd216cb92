import { isRpcError } from '@shared/contract/errors';
import type { ScheduleDescription } from '@shared/contract/schedule';
import { describeCron } from '@shared/schedule/describe-cron';
import { parseRecurrence } from '@shared/schedule/recurrence';
import { CalendarClock } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/lives-context';
import { Field, Input } from '../../components/ui/input';
import { Select } from '../../components/ui/select';
import { Tabs } from '../../components/ui/tabs';
import { formatDateTime } from '../../lib/format';
import { errorAt } from '../field-errors';
import { sourceLoops, type LiveDraft } from '../live-draft';
import type { DraftSectionProps } from './draft-props';
import { Section } from './Section';

const STARTS: readonly LiveDraft['start']['kind'][] = ['manual', 'once', 'recurring'];
const ENDS: readonly LiveDraft['end']['kind'][] = ['none', 'afterDuration', 'at', 'afterLoops'];

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
        </Tabs.Content>
        <Tabs.Content value="recurring" className="space-y-2">
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
                {ENDS.map((kind) => (
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
          <Field label={t('dialog.schedule.loops')} name="end.count" error={errorAt(errors, 'end.count')}>
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

type Described = { state: 'idle' } | { state: 'ok'; value: ScheduleDescription } | { state: 'error'; message: string };

/** The cron in words and its next starts, from `schedule.describe` (or the same maths locally on an older engine). */
function CronDescription({ cron, timeZone }: { cron: string; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const lang = i18n.language.startsWith('fr') ? 'fr' : 'en';
  const [described, setDescribed] = useState<Described>({ state: 'idle' });
  useEffect(() => {
    let alive = true;
    // Debounced: one call once the streamer stops typing.
    const timer = setTimeout(() => {
      api.schedule
        .describe({ cron, timeZone, lang })
        .catch((error: unknown) => {
          if (isRpcError(error) && error.code === 'UNKNOWN_METHOD') return describeLocally(cron, timeZone, lang);
          throw error;
        })
        .then((value) => alive && setDescribed({ state: 'ok', value }))
        .catch((error: unknown) => {
          const issue = isRpcError(error) ? error.issues?.[0]?.message : undefined;
          if (alive) setDescribed({ state: 'error', message: issue ?? (error instanceof Error ? error.message : String(error)) });
        });
    }, 300);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [api, cron, timeZone, lang]);
  if (described.state === 'idle') return null;
  if (described.state === 'error')
    return (
      <p className="text-xs text-danger" data-testid="cron-error">
        {described.message}
      </p>
    );
  return (
    <div className="rounded-lg bg-muted/60 px-3 py-2 text-sm" data-testid="cron-description">
      <p className="font-medium">{described.value.text}</p>
      <p className="mt-1 text-xs text-muted-foreground">
        {t('dialog.schedule.next')}{' '}
        {described.value.next
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
