import type { Channel, ChannelPreview } from '@shared/contract/iptv';
import { CircleStop, Loader2, Play } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { Button } from '../components/ui/button';
import { messageOf } from '../lib/message';
import { HlsVideo } from '../lives/HlsPreview';

type PlayerState =
  { kind: 'idle' } | { kind: 'starting' } | { kind: 'playing'; preview: ChannelPreview } | { kind: 'failed'; message: string };

/**
 * The channel played in the app, on request (a preview takes one of the provider's connections).
 * The engine reads the channel and serves it as HLS on loopback, so its address, headers and
 * credentials never reach this page; hls.js plays every channel, HLS or MPEG-TS alike. Leaving
 * the channel stops the preview and gives the connection back.
 */
export function ChannelPlayer({ channel }: { channel: Channel }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<PlayerState>({ kind: 'idle' });
  const previewId = state.kind === 'playing' ? state.preview.previewId : null;

  useEffect(() => {
    if (previewId === null) return;
    return () => void api.iptv.stopPreview({ previewId }).catch(() => undefined);
  }, [api, previewId]);

  const play = async (): Promise<void> => {
    setState({ kind: 'starting' });
    try {
      const preview = await api.iptv.startPreview({ providerId: channel.providerId, channelId: channel.id });
      setState({ kind: 'playing', preview });
    } catch (error) {
      setState({ kind: 'failed', message: messageOf(error, i18n) });
    }
  };

  return (
    <div className="space-y-2">
      <div
        className="relative aspect-video overflow-hidden rounded-lg border border-border bg-black"
        data-testid="channel-preview"
      >
        {state.kind === 'playing' ? (
          <HlsVideo key={state.preview.url} url={state.preview.url} waitingLabel={t('channels.player.starting')} />
        ) : (
          <div className="absolute inset-0 flex flex-col items-center justify-center gap-3 p-6 text-center text-sm text-white/80">
            {state.kind === 'starting' ? (
              <>
                <Loader2 className="size-6 animate-spin" aria-hidden />
                <p>{t('channels.player.opening')}</p>
              </>
            ) : (
              <>
                {state.kind === 'failed' && (
                  <p className="text-white" role="alert" data-testid="preview-error">
                    {state.message}
                  </p>
                )}
                <Button variant="primary" onClick={() => void play()} data-testid="play-channel">
                  <Play aria-hidden />
                  {state.kind === 'failed' ? t('channels.player.retry') : t('channels.player.play')}
                </Button>
                <p className="text-xs text-white/60">{t('channels.player.usesConnection')}</p>
              </>
            )}
          </div>
        )}
      </div>
      {state.kind === 'playing' && (
        <Button size="sm" variant="ghost" onClick={() => setState({ kind: 'idle' })} data-testid="stop-channel">
          <CircleStop aria-hidden />
          {t('channels.player.stop')}
        </Button>
      )}
    </div>
  );
}
