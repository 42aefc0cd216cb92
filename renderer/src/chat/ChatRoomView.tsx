import type { ModerateFrame } from '@shared/chat/chat-protocol';
import { CHAT_LIMITS } from '@shared/chat/chat-text';
import { CHAT_WATCH_TEXT } from '@shared/chat/chat-watch-text';
import { PinOff, Send } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/ui/button';
import { Input } from '../components/ui/input';
import type { ChatView } from './chat-connection';
import { ChatMessageItem } from './ChatMessageItem';
import { ChatMessageText } from './ChatMessageText';
import { ChatRoomBar } from './ChatRoomBar';

export interface ChatRoomViewProps {
  readonly view: ChatView;
  readonly onSend: (text: string) => Promise<boolean>;
  readonly onModerate: (frame: ModerateFrame) => void;
}

/** The open room: room bar, pinned message, the messages (as text), refusals, the send box. */
export function ChatRoomView({ view, onSend, onModerate }: ChatRoomViewProps) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState('');
  const [muteMinutes, setMuteMinutes] = useState(5);
  const list = useRef<HTMLOListElement>(null);
  const refusals = CHAT_WATCH_TEXT[i18n.language === 'fr' ? 'fr' : 'en'].refusals;

  // Follow new messages unless the streamer scrolled up to read.
  const atBottom = useRef(true);
  useEffect(() => {
    const node = list.current;
    if (node && atBottom.current) node.scrollTop = node.scrollHeight;
  }, [view.messages]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (draft.trim() === '') return;
    void onSend(draft).then((sent) => sent && setDraft(''));
  };

  const status =
    view.refusal !== null
      ? refusals[view.refusal.code]
      : view.status === 'connecting'
        ? t('chat.connecting')
        : view.status === 'offline'
          ? t('chat.offline')
          : '';

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ChatRoomBar
        slowModeSeconds={view.slowModeSeconds}
        muteMinutes={muteMinutes}
        onMuteMinutes={setMuteMinutes}
        onModerate={onModerate}
      />
      {view.pinned && (
        <div className="flex items-start gap-2 border-b border-border bg-muted/40 px-3 py-2 text-sm" data-testid="chat-pinned">
          <p className="min-w-0 flex-1">
            <span className="mr-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase">{t('chat.pinned')}</span>
            <span className="font-semibold">{view.pinned.name}</span> <ChatMessageText text={view.pinned.text} />
          </p>
          <Button
            size="icon"
            variant="ghost"
            className="size-7"
            aria-label={t('chat.unpin')}
            onClick={() => onModerate({ action: 'unpin' })}
          >
            <PinOff aria-hidden />
          </Button>
        </div>
      )}
      <ol
        ref={list}
        className="min-h-40 flex-1 overflow-y-auto py-1"
        aria-label={t('chat.messages')}
        aria-live="polite"
        data-testid="chat-messages"
        tabIndex={0}
        onScroll={(e) => {
          const node = e.currentTarget;
          atBottom.current = node.scrollTop + node.clientHeight >= node.scrollHeight - 24;
        }}
      >
        {view.messages.map((message) => (
          <ChatMessageItem key={message.id} message={message} muteMinutes={muteMinutes} onModerate={onModerate} />
        ))}
        {view.messages.length === 0 && view.status === 'joined' && (
          <li className="px-3 py-6 text-center text-sm text-muted-foreground">{t('chat.empty')}</li>
        )}
      </ol>
      <p
        role="status"
        className="min-h-5 px-3 text-xs text-muted-foreground"
        data-testid="chat-status"
        data-refusal={view.refusal?.code ?? ''}
      >
        {status}
      </p>
      <form className="flex items-center gap-2 border-t border-border p-2" onSubmit={submit}>
        <Input
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          aria-label={t('chat.messageLabel')}
          placeholder={t('chat.placeholder')}
          maxLength={CHAT_LIMITS.messageMax * 2}
          autoComplete="off"
          disabled={view.status !== 'joined'}
          data-testid="chat-input"
        />
        <Button type="submit" size="icon" variant="primary" aria-label={t('chat.send')} disabled={view.status !== 'joined'}>
          <Send aria-hidden />
        </Button>
      </form>
    </div>
  );
}
