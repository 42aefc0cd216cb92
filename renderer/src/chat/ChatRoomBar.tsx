import type { ModerateFrame } from '@shared/chat/chat-protocol';
import { Eraser } from 'lucide-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/ui/button';

export const SLOW_MODE_CHOICES = [0, 5, 10, 30, 60] as const;
export const MUTE_CHOICES = [1, 5, 10, 60] as const;

const SELECT =
  'h-8 rounded-md border border-border bg-background px-2 text-xs text-foreground focus-visible:ring-2 focus-visible:ring-ring/40 focus-visible:outline-none';

/** The room's own actions: slow mode, how long a mute lasts, clear the messages. */
export function ChatRoomBar({
  slowModeSeconds,
  muteMinutes,
  onMuteMinutes,
  onModerate,
}: {
  slowModeSeconds: number;
  muteMinutes: number;
  onMuteMinutes: (minutes: number) => void;
  onModerate: (frame: ModerateFrame) => void;
}) {
  const { t } = useTranslation();
  const slowId = useId();
  const muteId = useId();
  // The server may hold a slow mode this bar does not offer: show it as a choice too.
  const slowChoices = [...new Set<number>([...SLOW_MODE_CHOICES, slowModeSeconds])].sort((a, b) => a - b);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-border px-3 py-2 text-xs text-muted-foreground">
      <label htmlFor={slowId}>{t('chat.slowMode')}</label>
      <select
        id={slowId}
        className={SELECT}
        value={slowModeSeconds}
        data-testid="chat-slow-mode"
        onChange={(e) => onModerate({ action: 'slowMode', seconds: Number(e.target.value) })}
      >
        {slowChoices.map((s) => (
          <option key={s} value={s}>
            {s === 0 ? t('chat.slowOff') : t('chat.seconds', { count: s })}
          </option>
        ))}
      </select>
      <label htmlFor={muteId}>{t('chat.muteFor')}</label>
      <select id={muteId} className={SELECT} value={muteMinutes} onChange={(e) => onMuteMinutes(Number(e.target.value))}>
        {MUTE_CHOICES.map((m) => (
          <option key={m} value={m}>
            {t('chat.minutes', { count: m })}
          </option>
        ))}
      </select>
      <Button
        size="sm"
        variant="ghost"
        className="ml-auto h-8"
        data-testid="chat-clear"
        onClick={() => onModerate({ action: 'clear' })}
      >
        <Eraser aria-hidden />
        {t('chat.clear')}
      </Button>
    </div>
  );
}
