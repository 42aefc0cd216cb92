import type { AppSettings, AppSettingsPatch } from '@shared/contract/host-settings';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/ui/input';
import { Select } from '../components/ui/select';
import { Switch } from '../components/ui/switch';
import { SettingsSection, SwitchRow } from './SettingsSection';

/** Language and theme (both may follow the system), and the desktop app's tray and login item. */
export function AppearanceSection({
  settings,
  onChange,
}: {
  settings: AppSettings;
  onChange: (patch: AppSettingsPatch) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <SettingsSection id="appearance" title={t('settings.appearance.title')}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={t('settings.appearance.language')} name="language" hint={t('settings.appearance.languageHint')}>
            {({ id }) => (
              <Select.Root
                value={settings.language}
                onValueChange={(language) => onChange({ language: language as AppSettings['language'] })}
              >
                <Select.Trigger id={id} data-testid="setting-language" />
                <Select.Content>
                  {(['system', 'en', 'fr'] as const).map((l) => (
                    <Select.Item key={l} value={l} data-testid={`language-${l}`}>
                      {t(`settings.appearance.languageName.${l}`)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            )}
          </Field>
          <Field label={t('settings.appearance.theme')} name="theme">
            {({ id }) => (
              <Select.Root value={settings.theme} onValueChange={(theme) => onChange({ theme: theme as AppSettings['theme'] })}>
                <Select.Trigger id={id} data-testid="setting-theme" />
                <Select.Content>
                  {(['system', 'dark', 'light'] as const).map((theme) => (
                    <Select.Item key={theme} value={theme} data-testid={`theme-${theme}`}>
                      {t(`settings.appearance.themeName.${theme}`)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            )}
          </Field>
        </div>
      </SettingsSection>
      <SettingsSection id="desktop" title={t('settings.desktop.title')} description={t('settings.desktop.description')}>
        <SwitchRow label={t('settings.desktop.closeToTray')} hint={t('settings.desktop.closeToTrayHint')}>
          <Switch
            checked={settings.closeToTray}
            onCheckedChange={(closeToTray) => onChange({ closeToTray })}
            aria-label={t('settings.desktop.closeToTray')}
            data-testid="close-to-tray"
          />
        </SwitchRow>
        <SwitchRow label={t('settings.desktop.startAtLogin')} hint={t('settings.desktop.startAtLoginHint')}>
          <Switch
            checked={settings.startAtLogin}
            onCheckedChange={(startAtLogin) => onChange({ startAtLogin })}
            aria-label={t('settings.desktop.startAtLogin')}
            data-testid="start-at-login"
          />
        </SwitchRow>
      </SettingsSection>
    </>
  );
}
