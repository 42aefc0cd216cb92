import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRpc } from '../app/use-rpc';
import { cn } from '../lib/cn';

/**
 * The local HLS output's address (VLC, Jellyfin, Kodi on this computer), with a copy button.
 * The engine knows it once its preview server runs; before that, a sentence says when it comes.
 */
/** `refresh`: asked again when it changes (the live's state: the server starts with the first live). */
export function HlsAddress({ liveId, refresh = '', className }: { liveId: string; refresh?: string; className?: string }) {
  const { t } = useTranslation();
  const { data } = useRpc(`preview:${liveId}:${refresh}`, (api) => api.lives.previewUrl({ liveId }), {
    keepPrevious: true,
  });
  const [copied, setCopied] = useState(false);
  if (!data?.available) {
    return (
      <p className={cn('text-xs text-muted-foreground', className)} data-testid="hls-address-pending">
        {t('destination.hlsAddressLater')}
      </p>
    );
  }
  const copy = (): void => {
    void navigator.clipboard
      .writeText(data.url)
      .then(() => setCopied(true))
      .catch(() => undefined);
  };
  return (
    <div className={cn('flex items-center gap-1.5', className)}>
      <code
        className="min-w-0 flex-1 truncate rounded bg-muted px-1.5 py-0.5 font-mono text-[11px]"
        title={data.url}
        data-testid="hls-address"
      >
        {data.url}
      </code>
      <button
        type="button"
        onClick={copy}
        className="rounded p-1 text-muted-foreground hover:bg-muted hover:text-foreground"
        aria-label={copied ? t('common.copied') : t('destination.copyHlsAddress')}
        data-testid="copy-hls-address"
      >
        {copied ? <Check className="size-3.5" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
      </button>
    </div>
  );
}
