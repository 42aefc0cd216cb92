import { chatSegments } from '@shared/chat/chat-text';

/** A message's text as React text and http(s) links (chatSegments decides): never HTML. */
export function ChatMessageText({ text }: { text: string }) {
  return (
    <span className="break-words" data-chat-text>
      {chatSegments(text).map((segment, i) =>
        segment.kind === 'text' ? (
          segment.text
        ) : (
          <a
            key={i}
            href={segment.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="font-medium underline underline-offset-2"
          >
            {segment.text}
          </a>
        ),
      )}
    </span>
  );
}
