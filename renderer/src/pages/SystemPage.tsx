import { useTranslation } from 'react-i18next';
import type { FfmpegTool } from '@shared/contract/system';
import { useRpc } from '../app/use-rpc';
import { Alert } from '../components/ui/alert';
import { Badge } from '../components/ui/badge';
import { Card } from '../components/ui/card';
import { messageOf } from '../lib/message';

/** What the engine detected (FFmpeg, platform). */
export function SystemPage() {
  const { t, i18n } = useTranslation();
  const info = useRpc('system.info', (api) => api.system.info());
  const load = info.data
    ? ({ state: 'ready', info: info.data } as const)
    : info.error !== undefined
      ? ({ state: 'error', message: messageOf(info.error, i18n) } as const)
      : ({ state: 'loading' } as const);

  return (
    <div className="mx-auto max-w-3xl space-y-6 p-8">
      <header>
        <h1 className="text-2xl font-semibold">{t('system.title')}</h1>
        <p className="mt-1 text-sm text-muted-foreground">{t('system.subtitle')}</p>
      </header>
      {load.state === 'loading' && <p className="text-sm text-muted-foreground">{t('system.loading')}</p>}
      {load.state === 'error' && (
        <Alert.Root tone="danger">
          <Alert.Title>{t('system.error')}</Alert.Title>
          <Alert.Description>{load.message}</Alert.Description>
        </Alert.Root>
      )}
      {load.state === 'ready' && (
        <>
          <ToolCard name={t('system.ffmpeg')} tool={load.info.ffmpeg} testId="ffmpeg" />
          <ToolCard name={t('system.ffprobe')} tool={load.info.ffprobe} testId="ffprobe" />
          <Card.Root>
            <Card.Body>
              <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
                <dt className="text-muted-foreground">{t('system.appVersion')}</dt>
                <dd data-testid="app-version">{load.info.appVersion}</dd>
                <dt className="text-muted-foreground">{t('system.platform')}</dt>
                <dd>
                  {load.info.platform} · {load.info.arch}
                </dd>
                <dt className="text-muted-foreground">{t('system.node')}</dt>
                <dd>{load.info.nodeVersion}</dd>
              </dl>
            </Card.Body>
          </Card.Root>
        </>
      )}
    </div>
  );
}

function ToolCard({ name, tool, testId }: { name: string; tool: FfmpegTool; testId: string }) {
  const { t } = useTranslation();
  return (
    <Card.Root data-testid={`${testId}-card`}>
      <Card.Header>
        <Card.Title>{name}</Card.Title>
        <Badge tone={tool.found ? 'success' : 'danger'}>{tool.found ? t('system.found') : t('system.missing')}</Badge>
      </Card.Header>
      <Card.Body>
        {tool.found ? (
          <div className="space-y-1 text-sm">
            <p className="font-mono text-lg" data-testid={`${testId}-version`}>
              {tool.version}
            </p>
            <p className="text-muted-foreground">
              <span className="font-mono">{tool.path}</span> · {t(`system.source.${tool.source}`)}
            </p>
          </div>
        ) : (
          <p className="text-sm text-danger" data-testid={`${testId}-missing`}>
            {tool.reason}
          </p>
        )}
      </Card.Body>
    </Card.Root>
  );
}

export default SystemPage;
