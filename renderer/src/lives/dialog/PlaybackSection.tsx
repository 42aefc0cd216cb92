import { Repeat, SlidersHorizontal } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Field, Input } from '../../components/ui/input';
import { Select } from '../../components/ui/select';
import { errorAt } from '../field-errors';
import { sourceLoops, type EncodingChoice, type LiveDraft } from '../live-draft';
import type { DraftSectionProps } from './draft-props';
import { Section } from './Section';

const ENCODINGS: readonly EncodingChoice[] = ['auto', 'economical', '480p', '720p', '1080p'];
const LOOPS: readonly LiveDraft['loop']['kind'][] = ['once', 'times', 'forever'];

/** How the picture is encoded, and how many times the source plays. */
export function PlaybackSection({ draft, setDraft, errors }: DraftSectionProps) {
  const { t } = useTranslation();
  const loops = sourceLoops(draft.source.kind);
  const loopKind = loops ? draft.loop.kind : 'once';
  return (
    <Section title={t('dialog.playback.title')} icon={<SlidersHorizontal aria-hidden />}>
      <div className="grid grid-cols-2 gap-3">
        <Field
          label={t('dialog.playback.encoding')}
          name="encoding"
          error={errorAt(errors, 'encoding')}
          hint={t(`encoding.hint.${draft.encoding}`)}
        >
          {({ id }) => (
            <Select.Root value={draft.encoding} onValueChange={(v) => setDraft((d) => ({ ...d, encoding: v as EncodingChoice }))}>
              <Select.Trigger id={id} data-testid="encoding" />
              <Select.Content>
                {ENCODINGS.map((e) => (
                  <Select.Item key={e} value={e}>
                    {t(`encoding.${e}`)}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select.Root>
          )}
        </Field>
        <div className="grid grid-cols-[1fr_6rem] gap-3">
          <Field label={t('dialog.playback.loop')} name="loop" error={errors.loop}>
            {({ id }) => (
              <Select.Root
                value={loopKind}
                disabled={!loops}
                onValueChange={(v) => setDraft((d) => ({ ...d, loop: { ...d.loop, kind: v as LiveDraft['loop']['kind'] } }))}
              >
                <Select.Trigger id={id} data-testid="loop" />
                <Select.Content>
                  {LOOPS.map((l) => (
                    <Select.Item key={l} value={l}>
                      {t(`loop.${l}`)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            )}
          </Field>
          {loopKind === 'times' && (
            <Field label={t('dialog.playback.times')} name="loop.count" error={errorAt(errors, 'loop.count')}>
              {({ id, invalid }) => (
                <Input
                  id={id}
                  aria-invalid={invalid}
                  type="number"
                  min={1}
                  value={draft.loop.count}
                  onChange={(e) => setDraft((d) => ({ ...d, loop: { ...d.loop, count: e.target.value } }))}
                />
              )}
            </Field>
          )}
        </div>
      </div>
      <p className="flex items-center gap-1.5 text-xs text-muted-foreground">
        <Repeat className="size-3.5" aria-hidden />
        {loops ? t(`loop.hint.${loopKind}`) : t('loop.hint.live')}
      </p>
    </Section>
  );
}
