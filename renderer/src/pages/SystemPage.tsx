import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FfmpegTool, SystemInfo } from '@shared/contract/system';
import { Badge } from '../components/ui/badge';
import { Card } from '../components/ui/card';
import type { LiveManagerApi } from '../bridge/api';

type Load = { state: 'loading' } | { state: 'ready'; info: SystemInfo } | { state: 'error'; message: string };

/** First page: what the engine detected (FFmpeg, platform). */
export function SystemPage({ api }: { api: LiveManagerApi }) {
  const { t } = useTranslation();
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let alive = true;
    api.system
      .info()
      .then((info) => alive && setLoad({ state: 'ready', info }))
      .catch(
        (error: unknown) => alive && setLoad({ state: 'error', message: error instanceof Error ? error.message : String(error) }),
      );
    return () => {
      alive = false;
    };
  }, [api]);

  return (
    <div className="mx-auto max-w-3xl space-y-6 p-8">
      <header>
        <h1 className="text-2xl font-semibold">{t('system.title')}</h1>
        <p className="mt-1 text-sm text-muted-foreground">{t('system.subtitle')}</p>
      </header>
      {load.state === 'loading' && <p className="text-sm text-muted-foreground">{t('system.loading')}</p>}
      {load.state === 'error' && (
        <p role="alert" className="rounded-lg border border-danger/40 bg-danger/10 p-4 text-sm text-danger">
          {t('system.error')}: {load.message}
        </p>
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
