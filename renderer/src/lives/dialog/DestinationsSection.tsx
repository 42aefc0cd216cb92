import { DestinationKind, isPushKind } from '@shared/contract/lives';
import { Eye, EyeOff, KeyRound, Send, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button';
import { Field, Input } from '../../components/ui/input';
import { Select } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import { cn } from '../../lib/cn';
import { OutputPicker } from '../../outputs/OutputPicker';
import { draftLacksKey, distinctName } from '../destinations';
import { errorAt } from '../field-errors';
import { HlsAddress } from '../HlsAddress';
import { newDestination, type DestinationDraft } from '../live-draft';
import { useSecretStoreKind } from '../secret-store';
import { cleanStreamKey } from '../stream-key';
import { DestinationTest } from './DestinationTest';
import type { DraftSectionProps } from './draft-props';
import { Section } from './Section';

/**
 * Where the live goes: platform presets with a write-only key, a custom RTMP(S) server, the
 * local preview. A new row gets a name no other row has, so messages can tell them apart.
 */
export function DestinationsSection({ draft, setDraft, errors, liveId }: DraftSectionProps & { liveId?: string | undefined }) {
  const { t } = useTranslation();
  const hasHls = draft.destinations.some((d) => d.kind === 'hls-local');
  const add = (kind: string): void =>
    setDraft((d) => {
      const name = distinctName(
        t(`destination.defaultName.${kind}`),
        d.destinations.map((x) => x.name),
      );
      return { ...d, destinations: [...d.destinations, newDestination(kind as DestinationKind, name)] };
    });
  const update = (key: string, patch: Partial<DestinationDraft>): void =>
    setDraft((d) => ({ ...d, destinations: d.destinations.map((x) => (x.key === key ? { ...x, ...patch } : x)) }));
  const remove = (key: string): void => setDraft((d) => ({ ...d, destinations: d.destinations.filter((x) => x.key !== key) }));
  return (
    <Section
      title={t('dialog.destinations.title')}
      icon={<Send aria-hidden />}
      action={
        <Select.Root value="" onValueChange={add}>
          <Select.Trigger
            className="h-8 w-auto gap-3"
            placeholder={t('dialog.destinations.add')}
            data-testid="add-destination"
            aria-label={t('dialog.destinations.add')}
          />
          <Select.Content align="end">
            {DestinationKind.options.map((kind) => (
              <Select.Item key={kind} value={kind} disabled={kind === 'hls-local' && hasHls} data-testid={`add-${kind}`}>
                {t(`destination.kind.${kind}`)}
              </Select.Item>
            ))}
          </Select.Content>
        </Select.Root>
      }
    >
      {errors.destinations !== undefined && (
        <p className="text-xs text-danger" data-field-error="destinations">
          {errors.destinations}
        </p>
      )}
      {draft.destinations.length === 0 && (
        <p className="rounded-lg border border-dashed border-border p-4 text-center text-sm text-muted-foreground">
          {t('dialog.destinations.none')}
        </p>
      )}
      <ul className="space-y-3">
        {draft.destinations.map((d, index) => (
          <DestinationEditor
            key={d.key}
            index={index}
            destination={d}
            errors={errors}
            liveId={liveId}
            onChange={(patch) => update(d.key, patch)}
            onRemove={() => remove(d.key)}
          />
        ))}
      </ul>
    </Section>
  );
}

interface EditorProps {
  index: number;
  liveId: string | undefined;
  destination: DestinationDraft;
  errors: DraftSectionProps['errors'];
  onChange: (patch: Partial<DestinationDraft>) => void;
  onRemove: () => void;
}

function DestinationEditor({ index, liveId, destination: d, errors, onChange, onRemove }: EditorProps) {
  const { t } = useTranslation();
  const where = useSecretStoreKind();
  const [showKey, setShowKey] = useState(false);
  const path = `destinations.${index}`;
  const push = isPushKind(d.kind);
  const lacksKey = draftLacksKey(d);
  const label = d.name.trim() || t(`destination.kind.${d.kind}`);
  return (
    <li
      className={cn('rounded-lg border bg-background/40 p-4', lacksKey ? 'border-warning/60' : 'border-border')}
      data-testid="destination-editor"
      data-kind={d.kind}
      data-missing-key={lacksKey || undefined}
    >
      <div className="mb-3 flex items-center justify-between gap-3">
        <span className="rounded-md bg-muted px-2 py-0.5 text-xs font-semibold">{t(`destination.kind.${d.kind}`)}</span>
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-2 text-xs text-muted-foreground">
            <Switch
              checked={d.enabled}
              onCheckedChange={(enabled) => onChange({ enabled })}
              aria-label={t('dialog.destinations.sendTo', { name: label })}
              data-testid="destination-enabled"
            />
            {t('dialog.destinations.enabled')}
          </label>
          <Button size="icon" variant="ghost" onClick={onRemove} aria-label={t('dialog.destinations.remove', { name: label })}>
            <Trash2 aria-hidden />
          </Button>
        </div>
      </div>
      {d.kind === 'hls-local' && (
        <div className="mb-3 space-y-1.5 text-xs text-muted-foreground">
          <p>{t('dialog.destinations.hlsHint')}</p>
          {liveId ? (
            <HlsAddress liveId={liveId} />
          ) : (
            <p data-testid="hls-address-pending">{t('dialog.destinations.hlsAddressAfterSave')}</p>
          )}
        </div>
      )}
      {d.kind === 'public-output' && (
        <div className="mb-3">
          <OutputPicker
            name={`${path}.outputId`}
            value={d.outputId}
            error={errorAt(errors, `${path}.outputId`)}
            onChange={(outputId) => onChange({ outputId })}
          />
        </div>
      )}
      <div className="grid grid-cols-2 gap-3">
        <Field
          label={t('dialog.destinations.name')}
          name={`${path}.name`}
          error={errorAt(errors, `${path}.name`)}
          className={push ? '' : 'col-span-2'}
        >
          {({ id, invalid, describedBy }) => (
            <Input
              id={id}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              value={d.name}
              onChange={(e) => onChange({ name: e.target.value })}
            />
          )}
        </Field>
        {push && (
          <Field
            label={t('dialog.destinations.streamKey')}
            name={`${path}.streamKey`}
            error={errorAt(errors, `${path}.streamKey`)}
            hint={
              d.keyMasked ? (
                t('dialog.destinations.keyStored', { mask: d.keyMasked })
              ) : lacksKey ? (
                <span className="font-medium text-amber-700 dark:text-warning" data-testid="key-needed">
                  {t('dialog.destinations.keyNeeded', { name: label })}
                </span>
              ) : (
                t('dialog.destinations.keyHint', { where: t(`secretStore.${where}`) })
              )
            }
          >
            {({ id, invalid, describedBy }) => (
              <div className="relative">
                <KeyRound
                  className="pointer-events-none absolute top-1/2 left-3 size-3.5 -translate-y-1/2 text-muted-foreground"
                  aria-hidden
                />
                <Input
                  id={id}
                  type={showKey ? 'text' : 'password'}
                  autoComplete="off"
                  spellCheck={false}
                  className="pr-9 pl-8 font-mono"
                  aria-invalid={invalid}
                  aria-describedby={describedBy}
                  placeholder={d.keyMasked ?? t('dialog.destinations.keyPlaceholder')}
                  value={d.streamKey}
                  // A pasted key often carries a line break or spaces around it: a key has none.
                  onChange={(e) => onChange({ streamKey: cleanStreamKey(e.target.value) })}
                  data-testid="stream-key"
                />
                <button
                  type="button"
                  className="absolute top-1/2 right-1 -translate-y-1/2 rounded p-1.5 text-muted-foreground hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/60 focus-visible:outline-none"
                  onClick={() => setShowKey((shown) => !shown)}
                  aria-label={showKey ? t('liveActions.hideKey') : t('liveActions.showKey')}
                  aria-pressed={showKey}
                  data-testid="show-key"
                >
                  {showKey ? <EyeOff className="size-3.5" aria-hidden /> : <Eye className="size-3.5" aria-hidden />}
                </button>
              </div>
            )}
          </Field>
        )}
        {d.kind === 'custom-rtmp' && (
          <Field
            label={t('dialog.destinations.url')}
            name={`${path}.url`}
            error={errorAt(errors, `${path}.url`)}
            className="col-span-2"
          >
            {({ id, invalid, describedBy }) => (
              <Input
                id={id}
                className="font-mono"
                aria-invalid={invalid}
                aria-describedby={describedBy}
                placeholder="rtmp://live.example.com/app"
                value={d.url}
                onChange={(e) => onChange({ url: e.target.value })}
                data-testid="destination-url"
              />
            )}
          </Field>
        )}
        {push && <DestinationTest destination={d} liveId={liveId} />}
      </div>
    </li>
  );
}
