import type { Channel, Programme } from '@shared/contract/iptv';
import { CalendarClock, Send, Star } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useRpc } from '../app/use-rpc';
import { Button } from '../components/ui/button';
import { cn } from '../lib/cn';
import { messageOf } from '../lib/message';
import { ChannelLogo } from './ChannelLogo';
import { ChannelPlayer } from './ChannelPlayer';
import { canSchedule } from './send-to';
import { clockOf, progressOf, whenOf } from './times';

interface ChannelPanelProps {
  channel: Channel;
  logoBase: string | null;
  nowMs: number;
  onFavourite: (channel: Channel) => void;
  /** "Send to…": a live from this channel, started by hand or, with a programme, at its times. */
  onSendTo: (channel: Channel, programme?: Programme) => void;
}

/** The selected channel: its preview, what is on, the guide, and the ways to restream it. */
export function ChannelPanel({ channel, logoBase, nowMs, onFavourite, onSendTo }: ChannelPanelProps) {
  const { t, i18n } = useTranslation();
  const guide = useRpc(`guide:${channel.providerId}:${channel.id}`, (api) =>
    api.iptv.channelGuide({ providerId: channel.providerId, channelId: channel.id, limit: 12 }),
  );
  const programmes = guide.data?.programmes ?? [];
  return (
    <div className="flex flex-col gap-4" data-testid="channel-panel">
      <header className="flex items-center gap-3">
        <ChannelLogo channel={channel} base={logoBase} className="size-12" />
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-lg font-semibold" data-testid="panel-channel-name">
            {channel.name}
          </h2>
          <p className="truncate text-xs text-muted-foreground">
            {[channel.categoryName, channel.format !== 'unknown' ? channel.format.toUpperCase() : null]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        <Button
          size="icon"
          variant="ghost"
          onClick={() => onFavourite(channel)}
          aria-pressed={channel.favourite}
          aria-label={
            channel.favourite
              ? t('channels.list.unfavourite', { name: channel.name })
              : t('channels.list.favourite', { name: channel.name })
          }
        >
          <Star className={cn(channel.favourite && 'fill-warning text-warning')} aria-hidden />
        </Button>
      </header>

      <ChannelPlayer key={`${channel.providerId}:${channel.id}`} channel={channel} />

      <Button variant="primary" onClick={() => onSendTo(channel)} data-testid="send-to">
        <Send aria-hidden />
        {t('channels.panel.sendTo')}
      </Button>

      <section aria-labelledby="guide-title" className="space-y-2">
        <h3 id="guide-title" className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">
          {t('channels.panel.guide')}
        </h3>
        {guide.loading && <p className="text-sm text-muted-foreground">{t('common.loading')}</p>}
        {guide.error !== undefined && <p className="text-sm text-danger">{messageOf(guide.error, i18n)}</p>}
        {!guide.loading && guide.error === undefined && programmes.length === 0 && (
          <p className="text-sm text-muted-foreground">{t('channels.panel.noGuide')}</p>
        )}
        <ol className="divide-y divide-border rounded-lg border border-border" data-testid="guide">
          {programmes.map((p) => {
            const onAir = Date.parse(p.start) <= nowMs && nowMs < Date.parse(p.stop);
            return (
              <li key={`${p.start}-${p.title}`} className="flex items-start gap-3 px-3 py-2" data-testid="programme">
                <span className="w-20 shrink-0 pt-0.5 text-xs text-muted-foreground tabular-nums">
                  {whenOf(p.start, i18n.language, nowMs)}
                  <br />– {clockOf(p.stop, i18n.language)}
                </span>
                <div className="min-w-0 flex-1">
                  <p className={cn('text-sm', onAir && 'font-medium')}>
                    {onAir && (
                      <span className="mr-1.5 text-xs font-semibold text-danger uppercase">{t('channels.panel.onAir')}</span>
                    )}
                    {p.title}
                  </p>
                  {p.subtitle && <p className="truncate text-xs text-muted-foreground">{p.subtitle}</p>}
                  {onAir && (
                    <span className="mt-1 block h-1 w-full overflow-hidden rounded-full bg-muted" aria-hidden>
                      <span
                        className="block h-full bg-primary/70"
                        style={{ width: `${Math.round(progressOf(p, nowMs) * 100)}%` }}
                      />
                    </span>
                  )}
                </div>
                {canSchedule(p, nowMs) && (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => onSendTo(channel, p)}
                    data-testid="schedule-programme"
                    aria-label={t('channels.panel.scheduleLabel', { title: p.title })}
                  >
                    <CalendarClock aria-hidden />
                    {t('channels.panel.schedule')}
                  </Button>
                )}
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}
