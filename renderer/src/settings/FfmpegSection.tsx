import { FolderOpen, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { toastError } from '../app/notify';
import { usePreferences } from '../app/preferences';
import { useRpc } from '../app/use-rpc';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';
import { messageOf } from '../lib/message';
import { SettingsSection } from './SettingsSection';

/** The FFmpeg this engine uses: version, path, encoders, hardware encoders; another one chosen with the OS picker. */
export function FfmpegSection() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { settings } = usePreferences();
  const caps = useRpc('system.ffmpegCapabilities', (a) => a.system.ffmpegCapabilities());
  const [chosen, setChosen] = useState(false);
  const choose = (automatic: boolean): void => {
    api.settings
      .chooseFfmpeg({ automatic })
      .then((next) => setChosen(next.ffmpegPath !== (settings?.ffmpegPath ?? null) || automatic))
      .catch((error: unknown) => toastError(error, t('settings.ffmpeg.chooseFailed')));
  };
  const info = caps.data;
  return (
    <SettingsSection id="ffmpeg" title={t('settings.ffmpeg.title')} description={t('settings.ffmpeg.description')}>
      {caps.error !== undefined && <p className="text-sm text-danger">{messageOf(caps.error, i18n)}</p>}
      {info && !info.found && <p className="text-sm text-danger">{t('settings.ffmpeg.missing')}</p>}
      {info?.found && (
        <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-muted-foreground">{t('settings.ffmpeg.version')}</dt>
          <dd className="font-mono" data-testid="settings-ffmpeg-version">
            {info.version}
          </dd>
          <dt className="text-muted-foreground">{t('settings.ffmpeg.path')}</dt>
          <dd className="font-mono break-all">{info.path}</dd>
          <dt className="text-muted-foreground">{t('settings.ffmpeg.hardware')}</dt>
          <dd className="flex flex-wrap gap-1.5" data-testid="hardware-encoders">
            {info.hardwareEncoders.length === 0 ? (
              <span className="text-muted-foreground">{t('settings.ffmpeg.noHardware')}</span>
            ) : (
              info.hardwareEncoders.map((name) => (
                <Badge key={name} tone="success" className="font-mono">
                  {name}
                </Badge>
              ))
            )}
          </dd>
          <dt className="text-muted-foreground">{t('settings.ffmpeg.encoders')}</dt>
          <dd>
            <details>
              <summary className="cursor-pointer text-sm" data-testid="encoders-count">
                {t('settings.ffmpeg.encoderCount', { count: info.encoders.length })}
              </summary>
              <p className="mt-2 font-mono text-xs leading-5 text-muted-foreground">{info.encoders.join(' · ')}</p>
            </details>
          </dd>
        </dl>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={() => choose(false)} data-testid="choose-ffmpeg">
          <FolderOpen aria-hidden />
          {t('settings.ffmpeg.choose')}
        </Button>
        {settings?.ffmpegPath && (
          <Button variant="ghost" onClick={() => choose(true)}>
            <RotateCcw aria-hidden />
            {t('settings.ffmpeg.automatic')}
          </Button>
        )}
        {settings?.ffmpegPath && (
          <span className="font-mono text-xs text-muted-foreground">
            {t('settings.ffmpeg.chosen', { path: settings.ffmpegPath })}
          </span>
        )}
      </div>
      {chosen && <p className="text-xs text-muted-foreground">{t('settings.ffmpeg.nextStart')}</p>}
    </SettingsSection>
  );
}
