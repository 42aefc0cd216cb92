import { useTranslation } from 'react-i18next';
import { Field } from '../components/ui/input';
import { Select } from '../components/ui/select';
import { useOutputs } from './use-outputs';

/** Which public output a live's `public-output` destination feeds (live editor, add-destination dialog). */
export function OutputPicker({
  value,
  onChange,
  name,
  error,
}: {
  value: string;
  onChange: (outputId: string) => void;
  name: string;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const { outputs, loading } = useOutputs();
  if (!loading && outputs.length === 0) {
    return (
      <p className="text-xs text-muted-foreground" data-testid="no-outputs" data-field={name}>
        {t('outputs.feeds.none')}
      </p>
    );
  }
  return (
    <Field label={t('outputs.feeds.output')} name={name} error={error} hint={t('outputs.feeds.hint')}>
      {({ id, invalid, describedBy }) => (
        <Select.Root value={value} onValueChange={onChange}>
          <Select.Trigger
            id={id}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            placeholder={t('outputs.feeds.choose')}
            data-testid="destination-output"
          />
          <Select.Content>
            {outputs.map((o) => (
              <Select.Item key={o.id} value={o.id} data-testid={`output-option-${o.slug}`}>
                {o.title} · /watch/{o.slug}
              </Select.Item>
            ))}
          </Select.Content>
        </Select.Root>
      )}
    </Field>
  );
}
