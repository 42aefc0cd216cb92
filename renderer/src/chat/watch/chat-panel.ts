import { CHAT_LIMITS, CHAT_REACTIONS, CHAT_REACTION_CODES, chatSegments } from '@shared/chat/chat-text';
import type { ChatMessage } from '@shared/chat/chat-protocol';
import { CHAT_WATCH_TEXT, type ChatWatchText } from '@shared/chat/chat-watch-text';
import { registerPanel, type WatchContext } from '../../outputs/watch-page/panels';
import { ChatConnection, type ChatView } from '../chat-connection';

/** `document.createElement` with a class and text: the chat never writes HTML, only nodes and text. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A message's text as text nodes and http(s) anchors (chatSegments decides what is a link). */
function messageText(message: ChatMessage): HTMLElement {
  const body = el('span', 'chat-text');
  for (const segment of chatSegments(message.text)) {
    if (segment.kind === 'text') body.append(segment.text);
    else {
      const a = el('a', undefined, segment.text);
      a.href = segment.href;
      a.rel = 'noopener noreferrer nofollow';
      a.target = '_blank';
      body.append(a);
    }
  }
  return body;
}

function messageItem(message: ChatMessage, text: ChatWatchText, chat: ChatConnection): HTMLLIElement {
  const item = el('li', 'chat-message');
  item.dataset.messageId = message.id;
  item.dataset.role = message.role;
  item.append(el('span', 'chat-name', message.name), ' ', messageText(message));
  const reactions = el('span', 'chat-reactions');
  for (const code of CHAT_REACTION_CODES) {
    const count = message.reactions[code] ?? 0;
    const button = el('button', 'chat-reaction', count > 0 ? `${CHAT_REACTIONS[code]} ${count}` : CHAT_REACTIONS[code]);
    button.type = 'button';
    button.dataset.reaction = code;
    // A hint, not a label: the name stays the visible emoji and count (axe: label-content-name-mismatch).
    button.title = text.react(CHAT_REACTIONS[code]);
    button.addEventListener('click', () => void chat.react(message.id, code));
    reactions.append(button);
  }
  item.append(reactions);
  return item;
}

/**
 * The live chat beside the player (issue 15): the viewer picks a name and joins with the page's
 * play token (the server binds the chat to the link it proves), then reads and writes, reacts,
 * and sees the pinned message. Refusals are shown in the viewer's language.
 */
function mountChat(host: HTMLElement, context: WatchContext): void {
  const text = CHAT_WATCH_TEXT[context.language];
  const heading = el('h2', 'chat-title', text.title);
  heading.id = 'chat-title';
  host.setAttribute('aria-labelledby', heading.id);
  const presence = el('span', 'chat-presence');
  heading.append(' ', presence);
  const pinned = el('div', 'chat-pinned');
  pinned.id = 'chat-pinned';
  pinned.hidden = true;
  const list = el('ol', 'chat-messages');
  list.id = 'chat-messages';
  list.setAttribute('aria-live', 'polite');
  const status = el('p', 'chat-status');
  status.id = 'chat-status';
  status.setAttribute('role', 'status');

  const joinForm = el('form', 'chat-form');
  joinForm.id = 'chat-join';
  const nameLabel = el('label', 'chat-label', text.nameLabel);
  const nameInput = el('input');
  nameInput.name = 'name';
  nameInput.maxLength = CHAT_LIMITS.nameMax;
  nameInput.autocomplete = 'off';
  nameInput.required = true;
  nameLabel.append(nameInput);
  const joinButton = el('button', 'chat-button', text.join);
  joinButton.type = 'submit';
  joinForm.append(nameLabel, joinButton);

  const sendForm = el('form', 'chat-form');
  sendForm.id = 'chat-send';
  sendForm.hidden = true;
  const messageLabel = el('label', 'chat-label');
  const labelText = el('span', 'chat-visually-hidden', text.messageLabel);
  const messageInput = el('input');
  messageInput.name = 'text';
  messageInput.maxLength = CHAT_LIMITS.messageMax * 2;
  messageInput.autocomplete = 'off';
  messageLabel.append(labelText, messageInput);
  const sendButton = el('button', 'chat-button', text.send);
  sendButton.type = 'submit';
  sendForm.append(messageLabel, sendButton);

  host.append(heading, pinned, list, status, joinForm, sendForm);

  let chat: ChatConnection | null = null;
  const draw = (view: ChatView): void => {
    host.dataset.status = view.status;
    presence.textContent = view.status === 'joined' ? `· ${text.present(view.presence)}` : '';
    pinned.hidden = view.pinned === null;
    pinned.replaceChildren();
    if (view.pinned)
      pinned.append(
        el('strong', undefined, text.pinned),
        ' ',
        el('span', 'chat-name', view.pinned.name),
        ' ',
        messageText(view.pinned),
      );
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 24;
    list.replaceChildren(...view.messages.map((m) => messageItem(m, text, chat as ChatConnection)));
    if (view.messages.length === 0 && view.status === 'joined') list.append(el('li', 'chat-empty', text.empty));
    if (atBottom) list.scrollTop = list.scrollHeight;
    const notes: string[] = [];
    if (view.refusal) notes.push(text.refusals[view.refusal.code]);
    else if (view.status === 'connecting') notes.push(text.connecting);
    else if (view.status === 'offline') notes.push(text.offline);
    if (view.status === 'joined' && view.slowModeSeconds > 0) notes.push(text.slowMode(view.slowModeSeconds));
    status.textContent = notes.join(' ');
    status.dataset.refusal = view.refusal?.code ?? '';
    // Refused at the door (a taken name): the viewer may try another; refused inside (banned): the end.
    joinForm.hidden = view.status === 'joined' || (view.status === 'refused' && view.refusal?.code === 'banned');
    sendForm.hidden = view.status !== 'joined';
  };

  joinForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const viewerToken = context.viewerToken();
    if (!viewerToken) return;
    chat?.close();
    chat = new ChatConnection(window.location.origin, { viewerToken, name: nameInput.value });
    chat.subscribe(draw);
    draw(chat.view);
  });
  sendForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = messageInput.value;
    if (!chat || value.trim() === '') return;
    void chat.send(value).then((answer) => {
      if (answer.ok) messageInput.value = '';
    });
  });
}

registerPanel({ id: 'chat', mount: mountChat });
