import type { ChatMessage, ModerateFrame } from '@shared/chat/chat-protocol';
import { Ban, Pin, Trash2, VolumeX } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/ui/button';
import { Tooltip } from '../components/ui/tooltip';
import { ChatMessageText } from './ChatMessageText';

export interface ChatMessageItemProps {
  readonly message: ChatMessage;
  /** Minutes a mute from this panel lasts (the room bar chooses). */
  readonly muteMinutes: number;
  readonly onModerate: (frame: ModerateFrame) => void;
}

/** One message with its moderation actions; staff messages cannot be muted or banned. */
export function ChatMessageItem({ message, muteMinutes, onModerate }: ChatMessageItemProps) {
  const { t } = useTranslation();
  const viewer = message.role === 'viewer';
  const action = (label: string, icon: React.ReactNode, frame: ModerateFrame, name: string) => (
    <Tooltip.Simple text={label}>
      <Button
        size="icon"
        variant="ghost"
        className="size-7"
        aria-label={label}
        data-action={name}
        onClick={() => onModerate(frame)}
      >
        {icon}
      </Button>
    </Tooltip.Simple>
  );
  return (
    <li className="group flex items-start gap-2 px-3 py-1.5 text-sm hover:bg-muted/50" data-message-id={message.id}>
      <p className="min-w-0 flex-1">
        <span className={viewer ? 'font-semibold' : 'font-semibold italic'}>{message.name}</span>{' '}
        <ChatMessageText text={message.text} />
      </p>
      <div className="flex shrink-0 opacity-60 group-focus-within:opacity-100 group-hover:opacity-100">
        {action(t('chat.delete'), <Trash2 aria-hidden />, { action: 'delete', messageId: message.id }, 'delete')}
        {action(t('chat.pin'), <Pin aria-hidden />, { action: 'pin', messageId: message.id }, 'pin')}
        {viewer &&
          action(
            t('chat.mute', { name: message.name, count: muteMinutes }),
            <VolumeX aria-hidden />,
            { action: 'mute', chatterId: message.chatterId, minutes: muteMinutes },
            'mute',
          )}
        {viewer &&
          action(
            t('chat.ban', { name: message.name }),
            <Ban aria-hidden />,
            { action: 'ban', chatterId: message.chatterId },
            'ban',
          )}
      </div>
    </li>
  );
}
