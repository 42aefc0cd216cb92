import type { ChatMessage } from '@shared/chat/chat-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatClient, startChatEngine } from '../../../tests/support/chat/chat-engine';
import { waitFor } from '../../../tests/support/wait-for';
import { ChatActivity } from './chat-activity';
import { ChatConnection } from './chat-connection';
import { mentionsName } from './chat-mention';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('mentionsName', () => {
  it('finds the whole name in any case, with or without @, not inside a longer word', () => {
    expect(mentionsName('hi @Host Team, nice stream', 'Host Team')).toBe(true);
    expect(mentionsName('HOST TEAM!!', 'Host Team')).toBe(true);
    expect(mentionsName('hello streamer', 'Streamer')).toBe(true);
    expect(mentionsName('hello streamers', 'Streamer')).toBe(false);
    expect(mentionsName('nothing here', 'Streamer')).toBe(false);
    expect(mentionsName('a.b', 'a.b')).toBe(true);
    expect(mentionsName('axb', 'a.b')).toBe(false); // the name is text, not a pattern
  });
});

describe('ChatActivity over the app panel’s ChatConnection (real engine chat)', () => {
  it('counts unread messages while collapsed, calls for a mention of the streamer, ignores history and its own', async () => {
    const e = await startChatEngine();
    cleanups.push(() => e.close());
    const { output, token } = await e.output('salon');
    const viewer = await ChatClient.join(e.base, { viewerToken: token, name: 'Alice' });
    cleanups.push(() => viewer.close());
    await viewer.ask('send', { text: 'before the streamer came: Host Team' });

    const access = await e.call<{ url: string; chatToken: string }>('chat.staffAccess', {
      outputId: output.id,
      name: 'Host Team',
    });
    const chat = new ChatConnection(access.url, { chatToken: access.chatToken });
    cleanups.push(() => chat.close());
    await waitFor(() => chat.view.status === 'joined', { what: 'the staff welcome' });
    expect(chat.view.messages).toHaveLength(1);

    const mentions: ChatMessage[] = [];
    const unreadSeen: number[] = [];
    const activity = new ChatActivity(chat, {
      open: true,
      onMention: (m) => mentions.push(m),
      onUnread: (n) => unreadSeen.push(n),
    });
    cleanups.push(() => activity.close());

    // Open: nothing unread, but a mention still calls.
    await viewer.ask('send', { text: 'hello @host team!' });
    await waitFor(() => chat.view.messages.length === 2, { what: 'the first live message' });
    expect(activity.unread).toBe(0);
    expect(mentions.map((m) => m.text)).toEqual(['hello @host team!']);

    activity.setOpen(false);
    await viewer.ask('send', { text: 'are you there?' });
    await viewer.ask('send', { text: '<img src=x onerror=alert(1)> Host Team' });
    await chat.send('my own message, Host Team'); // the streamer's own: neither unread nor a mention
    await waitFor(() => chat.view.messages.length === 5, { what: 'the three messages' });
    expect(activity.unread).toBe(2);
    expect(mentions.map((m) => m.text)).toEqual(['hello @host team!', '<img src=x onerror=alert(1)> Host Team']);
    expect(unreadSeen).toEqual([1, 2]);

    activity.setOpen(true);
    expect(activity.unread).toBe(0);
    expect(unreadSeen.at(-1)).toBe(0);
  });
});
