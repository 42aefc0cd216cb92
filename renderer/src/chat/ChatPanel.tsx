import type { ChatMessage } from '@shared/chat/chat-protocol';
import type { Live } from '@shared/contract/lives';
import { ChevronDown, ChevronUp, MessageSquare } from 'lucide-react';
import { useEffect, useEffectEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../app/preferences';
import { ErrorText } from '../components/ErrorText';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { ChatActivity } from './chat-activity';
import { ChatRoomView } from './ChatRoomView';
import { showDesktopNotice } from './desktop-notice';
import { useStaffChat } from './use-staff-chat';

/** The public outputs a live feeds: each has a chat room. */
export function chatOutputsOf(live: Live): string[] {
  return live.destinations.flatMap((d) => (d.kind === 'public-output' && d.outputId ? [d.outputId] : []));
}

/**
 * The chat of the public output a live feeds, beside its page (issue 15): the streamer reads,
 * writes and moderates as staff. Collapsed, it counts unread messages; a message that names the
 * streamer raises a desktop notification. Nothing is drawn for a live without a public output.
 */
export function ChatPanel({ live }: { live: Live }) {
  const outputId = chatOutputsOf(live)[0];
  return outputId ? <ChatRoomPanel key={outputId} outputId={outputId} liveTitle={live.title} /> : null;
}

function ChatRoomPanel({ outputId, liveTitle }: { outputId: string; liveTitle: string }) {
  const { t } = useTranslation();
  const chat = useStaffChat(outputId);
  const { settings } = usePreferences();
  const [open, setOpen] = useState(true);
  const [unread, setUnread] = useState(0);
  const activity = useRef<ChatActivity | null>(null);
  const bodyId = useId();
  const desktop = settings?.notifications.desktop !== false;
  // Read at the time of the mention: the latest words and preference, not the ones at join.
  const onMention = useEffectEvent((message: ChatMessage) => {
    if (desktop) showDesktopNotice(t('chat.mentionTitle', { name: message.name, title: liveTitle }), message.text);
  });

  const connection = chat.kind === 'open' ? chat.chat : null;
  useEffect(() => {
    if (!connection) return;
    const tracker = new ChatActivity(connection, { open: true, onUnread: setUnread, onMention: (m) => onMention(m) });
    activity.current = tracker;
    return () => tracker.close();
  }, [connection]);
  // After the tracker above (same render): a panel collapsed before the room opened counts too.
  useEffect(() => activity.current?.setOpen(open), [open, connection]);

  return (
    <Card.Root className="flex flex-col" data-testid="chat-panel" aria-labelledby={`${bodyId}-title`}>
      <Card.Header className="px-4 py-2">
        <Card.Title id={`${bodyId}-title`} className="flex items-center gap-2">
          <MessageSquare className="size-4" aria-hidden />
          {t('chat.title')}
          {chat.kind === 'open' && chat.view.status === 'joined' && (
            <span className="text-xs font-normal text-muted-foreground" data-testid="chat-presence">
              {t('chat.present', { count: chat.view.presence })}
            </span>
          )}
          {!open && unread > 0 && (
            <Badge tone="warning" data-testid="chat-unread">
              {t('chat.unread', { count: unread })}
            </Badge>
          )}
        </Card.Title>
        <Button
          size="sm"
          variant="ghost"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((o) => !o)}
          data-testid="chat-toggle"
        >
          {open ? <ChevronUp aria-hidden /> : <ChevronDown aria-hidden />}
          {open ? t('chat.hide') : t('chat.show')}
        </Button>
      </Card.Header>
      <div id={bodyId} className={open ? 'flex h-[28rem] flex-col' : 'hidden'}>
        {chat.kind === 'loading' && <p className="p-4 text-sm text-muted-foreground">{t('chat.connecting')}</p>}
        {chat.kind === 'unreachable' && <p className="p-4 text-sm text-muted-foreground">{t('chat.sharingOff')}</p>}
        {chat.kind === 'failed' && <ErrorText error={chat.error} className="p-4" />}
        {chat.kind === 'open' && (
          <ChatRoomView
            view={chat.view}
            onSend={(text) => chat.chat.send(text).then((answer) => answer.ok)}
            onModerate={(frame) => void chat.chat.moderate(frame)}
          />
        )}
      </div>
    </Card.Root>
  );
}
