import type { Live } from '@shared/contract/lives';
import { isActive } from '@shared/lives/state-machine';
import type Hls from 'hls.js';
import { Loader2, MonitorOff } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRpc } from '../app/use-rpc';

/** How long to wait before trying again after hls.js gives up (the playlist is not written yet). */
const RETRY_MS = 1500;

/**
 * The live's local HLS output played with hls.js. The URL is asked again on every state change
 * (the preview server starts with the first live); until the first frame plays, a placeholder
 * says the preview is on its way.
 */
export function HlsPreview({ live }: { live: Live }) {
  const { t } = useTranslation();
  const hasHls = live.destinations.some((d) => d.enabled && d.kind === 'hls-local');
  const active = isActive(live.state);
  // Asked again on every state change and run: the preview server may have started meanwhile.
  const stateKey = `${live.id}:${live.state}:${live.currentRunId ?? ''}`;
  // While the URL is asked again after a state change, the player keeps going: same stream.
  const { data } = useRpc(hasHls && active ? `preview:${stateKey}` : null, (api) => api.lives.previewUrl({ liveId: live.id }), {
    keepPrevious: true,
  });
  const url = active && hasHls && data?.available ? data.url : null;
  return (
    <div className="relative aspect-video overflow-hidden rounded-xl border border-border bg-black" data-testid="preview">
      {url && <HlsVideo key={url} url={url} waitingLabel={t('detail.previewStarting')} />}
      {!url && (
        <div className="absolute inset-0 flex flex-col items-center justify-center gap-2 p-6 text-center text-sm text-white/70">
          {hasHls && active ? (
            <Loader2 className="size-6 animate-spin" aria-hidden />
          ) : (
            <MonitorOff className="size-6" aria-hidden />
          )}
          <p data-testid="preview-message">
            {!hasHls ? t('detail.previewNone') : active ? t('detail.previewStarting') : t('detail.previewIdle')}
          </p>
        </div>
      )}
    </div>
  );
}

/** hls.js playing `url` (any HLS the engine serves on loopback: a live's output, a channel preview). */
export function HlsVideo({ url, waitingLabel }: { url: string; waitingLabel: string }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let hls: Hls | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let disposed = false;
    const attach = async (): Promise<void> => {
      // Loaded on first use: the player is the biggest dependency and only the detail page needs it.
      const { default: HlsPlayer } = await import('hls.js');
      if (disposed) return;
      if (!HlsPlayer.isSupported()) {
        video.src = url; // Safari plays HLS natively
        return;
      }
      // No worker: the app's CSP allows scripts from 'self' only, and a blob: worker is not that.
      hls = new HlsPlayer({ enableWorker: false, liveSyncDurationCount: 2, manifestLoadingMaxRetry: 2 });
      hls.on(HlsPlayer.Events.ERROR, (_event, data) => {
        if (!data.fatal || disposed) return;
        hls?.destroy();
        hls = null;
        retry = setTimeout(() => void attach(), RETRY_MS);
      });
      hls.on(HlsPlayer.Events.MANIFEST_PARSED, () => void video.play().catch(() => undefined));
      hls.loadSource(url);
      hls.attachMedia(video);
    };
    void attach();
    return () => {
      disposed = true;
      clearTimeout(retry);
      hls?.destroy();
    };
  }, [url]);

  return (
    <>
      <video
        ref={videoRef}
        className="size-full object-contain"
        muted
        autoPlay
        playsInline
        controls={playing}
        onPlaying={() => setPlaying(true)}
        data-testid="preview-video"
      />
      {!playing && (
        <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center gap-2 text-sm text-white/70">
          <span className="size-6 animate-spin rounded-full border-2 border-white/30 border-t-white" aria-hidden />
          <p data-testid="preview-message">{waitingLabel}</p>
        </div>
      )}
    </>
  );
}
