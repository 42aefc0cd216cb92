import type { AppSettingsPatch } from '@shared/contract/host-settings';
import { uiLanguageOf } from '@shared/contract/host-settings';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { toastError } from '../app/notify';
import { usePreferences } from '../app/preferences';
import { useSession } from '../team/session-context';
import { AppearanceSection } from './AppearanceSection';
import { FfmpegSection } from './FfmpegSection';
import { NotificationsSection } from './NotificationsSection';
import { OverloadSection } from './OverloadSection';
import { ScheduleSection } from './ScheduleSection';
import { SmtpSection } from './SmtpSection';

/**
 * Everything a person can set: the engine's (FFmpeg, e-mail relay, notification choices, the
 * schedule's grace window, what a saturated machine does — an admin's on a shared agent) and the app's (language, theme, tray,
 * start at login). Each part saves on its own.
 */
export function SettingsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { settings, update } = usePreferences();
  const { status, shared } = useSession();
  const admin = status.isAdmin;
  const change = (patch: AppSettingsPatch): void => {
    update(patch)
      .then((next) => {
        // On a team's engine, mails follow the account's language too.
        if (patch.language !== undefined && shared) {
          void api.auth.setLanguage({ language: uiLanguageOf(next.language, navigator.languages) }).catch(() => undefined);
        }
      })
      .catch((error: unknown) => toastError(error, t('settings.notSaved')));
  };
  const uiLanguage = uiLanguageOf(settings?.language ?? 'system', navigator.languages);
  return (
    <div className="mx-auto max-w-3xl space-y-6 p-8" data-testid="settings-page">
      <header>
        <h1 className="text-2xl font-semibold">{t('settings.title')}</h1>
        <p className="mt-1 text-sm text-muted-foreground">{t('settings.subtitle')}</p>
      </header>
      {settings && <AppearanceSection settings={settings} onChange={change} />}
      <NotificationsSection admin={admin} />
      {admin && <SmtpSection singleOwner={!shared} language={uiLanguage} />}
      <ScheduleSection canEdit={admin} />
      <OverloadSection canEdit={admin} />
      <FfmpegSection />
    </div>
  );
}

export default SettingsPage;
