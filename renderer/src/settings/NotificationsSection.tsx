import { NoticeKind, type NoticeChannels, type NoticePreferences } from '@shared/contract/notifications';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { toastError } from '../app/notify';
import { usePreferences } from '../app/preferences';
import { useDraft } from '../app/use-draft';
import { useRpc } from '../app/use-rpc';
import { Switch } from '../components/ui/switch';
import { SettingsSection, SwitchRow } from './SettingsSection';

/**
 * Which notices reach this account, by e-mail and on the desktop (kept by the engine, per
 * account), and whether this computer shows desktop notifications at all (the app's setting).
 */
export function NotificationsSection({ admin }: { admin: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const { settings, update } = usePreferences();
  const read = useRpc('notifications.getPreferences', (a) => a.notifications.getPreferences());
  const [prefs, setPrefs] = useDraft<NoticePreferences | undefined, NoticePreferences | undefined>(read.data, (data) => data);
  const change = (kind: NoticeKind, channels: NoticeChannels): void => {
    const before = prefs;
    if (before) setPrefs({ events: { ...before.events, [kind]: channels } });
    api.notifications
      .setPreferences({ events: { [kind]: channels } })
      .then(setPrefs)
      .catch((error: unknown) => {
        setPrefs(before);
        toastError(error, t('settings.notSaved'));
      });
  };
  // Registrations reach admins only: nobody else needs the row.
  const kinds = NoticeKind.options.filter((kind) => admin || kind !== 'user.registered');
  return (
    <SettingsSection
      id="notifications"
      title={t('settings.notifications.title')}
      description={t('settings.notifications.description')}
    >
      {settings && (
        <SwitchRow label={t('settings.notifications.onThisComputer')} hint={t('settings.notifications.onThisComputerHint')}>
          <Switch
            checked={settings.notifications.desktop}
            onCheckedChange={(desktop) =>
              void update({ notifications: { ...settings.notifications, desktop } }).catch((e: unknown) =>
                toastError(e, t('settings.notSaved')),
              )
            }
            aria-label={t('settings.notifications.onThisComputer')}
            data-testid="desktop-notifications"
          />
        </SwitchRow>
      )}
      {prefs && (
        <table className="w-full text-sm" data-testid="notice-preferences">
          <caption className="sr-only">{t('settings.notifications.title')}</caption>
          <thead className="text-left text-xs text-muted-foreground">
            <tr>
              <th scope="col" className="py-2 font-medium">
                {t('settings.notifications.event')}
              </th>
              <th scope="col" className="w-24 py-2 text-center font-medium">
                {t('settings.notifications.email')}
              </th>
              <th scope="col" className="w-24 py-2 text-center font-medium">
                {t('settings.notifications.desktop')}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {kinds.map((kind) => {
              const channels = prefs.events[kind];
              const label = t(`settings.notifications.kind.${kind}`);
              return (
                <tr key={kind} data-kind={kind}>
                  <th scope="row" className="py-2 text-left font-normal">
                    {label}
                  </th>
                  <td className="py-2 text-center">
                    <Switch
                      checked={channels.email}
                      onCheckedChange={(email) => change(kind, { ...channels, email })}
                      aria-label={t('settings.notifications.emailFor', { event: label })}
                      data-testid={`pref-email-${kind}`}
                    />
                  </td>
                  <td className="py-2 text-center">
                    <Switch
                      checked={channels.desktop}
                      onCheckedChange={(desktop) => change(kind, { ...channels, desktop })}
                      aria-label={t('settings.notifications.desktopFor', { event: label })}
                      data-testid={`pref-desktop-${kind}`}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </SettingsSection>
  );
}
