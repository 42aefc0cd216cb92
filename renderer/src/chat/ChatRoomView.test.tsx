import type { ChatMessage } from '@shared/chat/chat-protocol';
import i18next from 'i18next';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Tooltip } from '../components/ui/tooltip';
import { TRANSLATIONS } from '../i18n/resources';
import type { ChatView } from './chat-connection';
import { ChatRoomView } from './ChatRoomView';
import { showDesktopNotice } from './desktop-notice';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: TRANSLATIONS.en }, fr: { translation: TRANSLATIONS.fr } },
    lng: 'en',
    fallbackLng: false,
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  return i18n.changeLanguage('en');
});

const render = (node: ReactNode) =>
  renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <Tooltip.Provider>{node}</Tooltip.Provider>
    </I18nextProvider>,
  );

const message = (id: string, text: string, role: ChatMessage['role'] = 'viewer'): ChatMessage => ({
  id,
  chatterId: `c-${id}`,
  name: role === 'viewer' ? 'Alice' : 'Streamer',
  role,
  text,
  replyTo: null,
  at: '2026-12-01T01:00:00.000Z',
  reactions: {},
});

const HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script> javascript:alert(3)';
const view = (patch: Partial<ChatView> = {}): ChatView => ({
  status: 'joined',
  me: { chatterId: 'c-me', name: 'Streamer', role: 'owner' },
  messages: [message('m1', HOSTILE), message('m2', 'see https://example.com/a?b=1 now'), message('m3', 'hi all', 'owner')],
  pinned: message('m2', 'see https://example.com/a?b=1 now'),
  presence: 3,
  slowModeSeconds: 10,
  mutedUntil: null,
  refusal: null,
  ...patch,
});

const room = (v: ChatView) => render(<ChatRoomView view={v} onSend={() => Promise.resolve(true)} onModerate={() => {}} />);

describe('ChatRoomView', () => {
  it('draws a hostile payload as the characters it is: no element, no handler, no javascript: link', () => {
    const html = room(view());
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt; javascript:alert(3)',
    );
  });

  it('makes http(s) links clickable, in the list and in the pinned message', () => {
    const html = room(view());
    const links = html.match(/<a [^>]*href="https:\/\/example.com\/a\?b=1"[^>]*>/g) ?? [];
    expect(links).toHaveLength(2);
    for (const link of links) expect(link).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain('data-testid="chat-pinned"');
  });

  it('offers delete, pin, mute and ban on a viewer’s message; delete and pin only on staff’s', () => {
    const html = room(view());
    const actionsOf = (id: string) =>
      [...(new RegExp(`data-message-id="${id}".*?</li>`).exec(html)?.[0] ?? '').matchAll(/data-action="(\w+)"/g)].map(
        (m) => m[1],
      );
    expect(actionsOf('m1')).toEqual(['delete', 'pin', 'mute', 'ban']);
    expect(actionsOf('m3')).toEqual(['delete', 'pin']);
    expect(html).toContain('aria-label="Mute Alice for 5 minutes"');
    expect(html).toContain('data-testid="chat-clear"');
    expect(html).toMatch(/<option value="10" selected="">10 s<\/option>/);
  });

  it('shows a refusal in the UI language (French)', async () => {
    await i18n.changeLanguage('fr');
    const html = room(view({ refusal: { ok: false, code: 'slowMode', message: 'Slow mode is on' } }));
    expect(html).toContain('data-refusal="slowMode"');
    expect(html).toContain('Le mode lent est actif');
    expect(html).toContain('Vider la discussion');
  });
});

describe('showDesktopNotice', () => {
  class Recorded {
    static permission: NotificationPermission = 'granted';
    static shown: { title: string; body?: string }[] = [];
    static requestPermission = vi.fn(() => Promise.resolve<NotificationPermission>('granted'));
    constructor(title: string, options?: NotificationOptions) {
      Recorded.shown.push({ title, body: options?.body });
    }
  }

  it('shows a notification when allowed, asks once when undecided, and shows nothing when denied', async () => {
    vi.stubGlobal('Notification', Recorded);
    showDesktopNotice('Alice mentioned you', 'hi @Streamer');
    expect(Recorded.shown).toEqual([{ title: 'Alice mentioned you', body: 'hi @Streamer' }]);

    Recorded.permission = 'default';
    showDesktopNotice('again', 'b');
    await vi.waitFor(() => expect(Recorded.shown).toHaveLength(2));
    expect(Recorded.requestPermission).toHaveBeenCalledTimes(1);

    Recorded.permission = 'denied';
    showDesktopNotice('never', 'c');
    expect(Recorded.shown).toHaveLength(2);
  });
});
