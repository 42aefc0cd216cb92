import { WATCH_TEXT, type WatchConfig, type WatchState } from '@shared/outputs/watch-text';
import { mountPanels } from './panels';
// Panels register themselves on import, before the page mounts them.
import '../../chat/watch/chat-panel';
import { startPlayer, type Player } from './player';

/** How often the page asks for the stream's state and a fresh play token. */
const POLL_MS = 15_000;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The watch page has no #${id}.`);
  return found as T;
}

function start(): void {
  const config = JSON.parse(element('watch-config').textContent ?? '{}') as WatchConfig;
  const text = WATCH_TEXT[config.language];
  const video = element<HTMLVideoElement>('video');
  const overlay = element('overlay');
  const badge = element('badge');
  const liveTitle = element('live-title');
  const viewers = element('viewers');
  const title = element('title');
  let playlist = config.playlist;
  let refused = false;
  let player: Player | null = null;

  const say = (message: string | null): void => {
    overlay.textContent = message ?? '';
    overlay.hidden = message === null;
  };
  const showFeed = (feed: 'live' | 'slate', live: string | null): void => {
    badge.dataset.feed = feed;
    badge.textContent = feed === 'live' ? text.live : text.slate;
    liveTitle.textContent = feed === 'live' ? (live ?? '') : text.slateDetail;
  };

  const refresh = async (): Promise<void> => {
    let state: WatchState;
    try {
      const response = await fetch(config.state, { cache: 'no-store' });
      state = (await response.json()) as WatchState;
    } catch {
      return; // offline for a moment: the player retries on its own
    }
    if (!state.ok) {
      refused = true;
      player?.stop();
      player = null;
      document.body.dataset.refused = state.refusal;
      say(state.message);
      return;
    }
    playlist = state.playlist;
    title.textContent = state.title;
    document.title = state.title;
    showFeed(state.feed, state.liveTitle);
    viewers.textContent = text.viewers(state.viewers);
  };

  showFeed(config.feed, config.liveTitle);
  player = startPlayer(video, {
    playlist: () => playlist,
    onRefused: () => void refresh(),
    onPlaying: () => !refused && say(null),
    onWaiting: () => !refused && say(text.reconnecting),
  });
  if (!player) say(text.unsupported);
  mountPanels(element('side'), {
    slug: config.slug,
    language: config.language,
    viewerToken: () => (refused ? null : new URL(playlist, window.location.href).searchParams.get('t')),
  });
  setInterval(() => void refresh(), Math.min(POLL_MS, config.renewEverySec * 1000));
}

start();
