import { Clapperboard, Film, FolderOpen, Link2, ListVideo, MonitorPlay } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/api-context';
import { toastError } from '../../app/notify';
import { Button } from '../../components/ui/button';
import { Field, Input, Textarea } from '../../components/ui/input';
import { Select } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import { Tabs } from '../../components/ui/tabs';
import { errorAt, type FieldErrors } from '../field-errors';
import { sourceSummary } from '../describe-live';
import { DEFAULT_IF_SOURCE_UNREACHABLE, type IfSourceUnreachable } from '@shared/contract/live-fields';
import type { SourceKind, UrlFormat } from '../live-draft';
import type { DraftSectionProps } from './draft-props';
import { PlaylistOrder } from './PlaylistOrder';
import { Section } from './Section';

const KINDS: readonly { kind: Exclude<SourceKind, 'iptvChannel'>; icon: typeof Film }[] = [
  { kind: 'testPattern', icon: Clapperboard },
  { kind: 'file', icon: Film },
  { kind: 'playlist', icon: ListVideo },
  { kind: 'url', icon: Link2 },
];
const FORMATS: readonly UrlFormat[] = ['hls', 'http-ts', 'rtmp', 'srt'];

/** What the OS picker offers first: the formats FFmpeg reads that streamers keep videos in. */
const VIDEO_FILTERS = [
  { name: 'Videos', extensions: ['mp4', 'mkv', 'mov', 'm4v', 'webm', 'ts', 'flv', 'avi', 'mp3', 'm4a'] },
  { name: '*', extensions: ['*'] },
];

export function SourceSection({ draft, setDraft, errors }: DraftSectionProps) {
  const { t } = useTranslation();
  const api = useApi();
  const source = draft.source;
  const set = (patch: Partial<typeof source>): void => setDraft((d) => ({ ...d, source: { ...d.source, ...patch } }));
  // The OS picker (desktop app); the browser build says to type the path instead.
  const pick = (multiple: boolean): void => {
    api.shell
      .pickFile({ title: t(multiple ? 'liveActions.pickFiles' : 'liveActions.pickFile'), filters: VIDEO_FILTERS, multiple })
      .then(({ paths }) => {
        if (paths.length === 0) return;
        if (!multiple) set({ path: paths[0] });
        else
          setDraft((d) => ({
            ...d,
            source: { ...d.source, paths: [d.source.paths.trim(), ...paths].filter(Boolean).join('\n') },
          }));
      })
      .catch((error: unknown) => toastError(error, t('liveActions.pickFailed')));
  };
  return (
    <Section title={t('dialog.source.title')} icon={<MonitorPlay aria-hidden />}>
      <Tabs.Root value={source.kind} onValueChange={(kind) => set({ kind: kind as SourceKind })}>
        <Tabs.List aria-label={t('dialog.source.title')}>
          {KINDS.map(({ kind, icon: Icon }) => (
            <Tabs.Trigger key={kind} value={kind} data-testid={`source-${kind}`} className="inline-flex items-center gap-1.5">
              <Icon className="size-3.5" aria-hidden />
              {t(`source.kind.${kind}`)}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="iptvChannel">
          <p className="text-sm text-muted-foreground">{draft.source.iptv ? sourceSummary(draft.source.iptv, t) : ''}</p>
        </Tabs.Content>
        <Tabs.Content value="testPattern">
          <p className="text-sm text-muted-foreground">{t('dialog.source.testPatternHint')}</p>
        </Tabs.Content>
        <Tabs.Content value="file">
          <Field
            label={t('dialog.source.path')}
            name="source.path"
            error={errorAt(errors, 'source.path')}
            hint={t('dialog.source.pathHint')}
          >
            {({ id, invalid, describedBy }) => (
              <div className="flex gap-2">
                <Input
                  id={id}
                  aria-invalid={invalid}
                  aria-describedby={describedBy}
                  className="font-mono"
                  placeholder="/videos/show.mp4"
                  value={source.path}
                  onChange={(e) => set({ path: e.target.value })}
                />
                <Button onClick={() => pick(false)} data-testid="pick-file">
                  <FolderOpen aria-hidden />
                  {t('liveActions.browse')}
                </Button>
              </div>
            )}
          </Field>
          <div className="mt-3 grid grid-cols-2 gap-3">
            <LanguageField
              name="source.audioLanguage"
              label={t('library.liveSource.audioLanguage')}
              value={source.audioLanguage}
              errors={errors}
              onChange={(audioLanguage) => set({ audioLanguage })}
            />
            <LanguageField
              name="source.burnInSubtitles.language"
              label={t('library.liveSource.burnIn')}
              value={source.burnInLanguage}
              errors={errors}
              onChange={(burnInLanguage) => set({ burnInLanguage })}
            />
          </div>
        </Tabs.Content>
        <Tabs.Content value="playlist">
          <Field
            label={t('dialog.source.paths')}
            name="source.paths"
            error={errorAt(errors, 'source.paths')}
            hint={t('dialog.source.pathsHint')}
          >
            {({ id, invalid, describedBy }) => (
              <div className="space-y-2">
                <Textarea
                  id={id}
                  aria-invalid={invalid}
                  aria-describedby={describedBy}
                  rows={4}
                  placeholder={'/videos/intro.mp4\n/videos/episode-1.mp4'}
                  value={source.paths}
                  onChange={(e) => set({ paths: e.target.value })}
                />
                <Button size="sm" onClick={() => pick(true)} data-testid="pick-files">
                  <FolderOpen aria-hidden />
                  {t('liveActions.addFiles')}
                </Button>
                <PlaylistOrder paths={source.paths} onChange={(paths) => set({ paths })} />
              </div>
            )}
          </Field>
          <div className="mt-3 grid grid-cols-2 items-start gap-3">
            <LanguageField
              name="source.audioLanguage"
              label={t('library.liveSource.audioLanguage')}
              value={source.audioLanguage}
              errors={errors}
              onChange={(audioLanguage) => set({ audioLanguage })}
            />
            {/* Level with the input beside it, below its label. */}
            <label className="mt-[22px] flex h-9 items-center gap-2 text-sm">
              <Switch checked={source.shuffle} onCheckedChange={(shuffle) => set({ shuffle })} data-testid="source-shuffle" />
              {t('library.liveSource.shuffle')}
            </label>
          </div>
        </Tabs.Content>
        <Tabs.Content value="url" className="grid grid-cols-[1fr_9rem] gap-3">
          <Field label={t('dialog.source.url')} name="source.url" error={errorAt(errors, 'source.url')}>
            {({ id, invalid, describedBy }) => (
              <Input
                id={id}
                aria-invalid={invalid}
                aria-describedby={describedBy}
                className="font-mono"
                placeholder="https://example.com/live/index.m3u8"
                value={source.url}
                onChange={(e) => set({ url: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('dialog.source.format')} name="source.format" error={errorAt(errors, 'source.format')}>
            {({ id }) => (
              <Select.Root value={source.format} onValueChange={(format) => set({ format: format as UrlFormat })}>
                <Select.Trigger id={id} />
                <Select.Content>
                  {FORMATS.map((f) => (
                    <Select.Item key={f} value={f}>
                      {t(`source.format.${f}`)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            )}
          </Field>
          <UnreachableChoice
            value={source.ifUnreachable ?? DEFAULT_IF_SOURCE_UNREACHABLE}
            onChange={(ifUnreachable) => set({ ifUnreachable })}
            error={errorAt(errors, 'source.ifUnreachable.seconds') ?? errorAt(errors, 'source.ifUnreachable')}
          />
        </Tabs.Content>
      </Tabs.Root>
    </Section>
  );
}

/** A track's language as files tag it (`eng`, `fra`); empty keeps the default. */
function LanguageField({
  name,
  label,
  value,
  errors,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Field label={label} name={name} error={errorAt(errors, name)} hint={t('library.liveSource.languageHint')}>
      {({ id, invalid, describedBy }) => (
        <Input
          id={id}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          className="font-mono"
          placeholder="fra"
          maxLength={3}
          value={value}
          onChange={(e) => onChange(e.target.value.toLowerCase())}
        />
      )}
    </Field>
  );
}

/** What a live does while its URL source has never answered in a run: give up after N minutes, or keep trying. */
function UnreachableChoice({
  value,
  onChange,
  error,
}: {
  value: IfSourceUnreachable;
  onChange: (value: IfSourceUnreachable) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('dialog.source.unreachable')} name="source.ifUnreachable.kind">
        {({ id }) => (
          <Select.Root
            value={value.kind}
            onValueChange={(kind) => onChange(kind === 'keepTrying' ? { kind: 'keepTrying' } : DEFAULT_IF_SOURCE_UNREACHABLE)}
          >
            <Select.Trigger id={id} data-testid="source-unreachable" />
            <Select.Content>
              <Select.Item value="failAfter">{t('dialog.source.unreachableFailAfter')}</Select.Item>
              <Select.Item value="keepTrying">{t('dialog.source.unreachableKeepTrying')}</Select.Item>
            </Select.Content>
          </Select.Root>
        )}
      </Field>
      {value.kind === 'failAfter' ? (
        <Field label={t('dialog.source.unreachableMinutes')} name="source.ifUnreachable.seconds" error={error}>
          {({ id, invalid, describedBy }) => (
            <Input
              id={id}
              type="number"
              min={1}
              step={1}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              data-testid="source-unreachable-minutes"
              value={String(value.seconds / 60)}
              onChange={(e) => onChange({ kind: 'failAfter', seconds: Math.round(Number(e.target.value) * 60) })}
            />
          )}
        </Field>
      ) : (
        <p className="self-end pb-2 text-sm text-muted-foreground">{t('dialog.source.unreachableKeepTryingHint')}</p>
      )}
    </>
  );
}
