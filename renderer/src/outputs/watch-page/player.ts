import Hls from 'hls.js/light';

export interface PlayerOptions {
  /** The playlist address now (its play token is renewed by the page). */
  playlist(): string;
  /** A request was refused (403/429): the page asks the engine why and says so. */
  onRefused(): void;
  onPlaying(): void;
  onWaiting(): void;
}

export interface Player {
  stop(): void;
}

/** Every request carries the page's current play token, whatever address hls.js kept. */
function withCurrentToken(url: string, playlist: string): string {
  const token = new URL(playlist, window.location.href).searchParams.get('t');
  if (token === null) return url;
  const target = new URL(url, window.location.href);
  if (target.origin !== window.location.origin) return url;
  target.searchParams.set('t', token);
  return target.toString();
}

/**
 * hls.js where the browser has Media Source Extensions, the native player on Safari (iOS has no
 * MSE). Catches up when it falls behind the live edge, and keeps retrying through network
 * errors: the engine's playlist never ends, it only switches to the slate.
 */
export function startPlayer(video: HTMLVideoElement, options: PlayerOptions): Player | null {
  video.addEventListener('playing', options.onPlaying);
  video.addEventListener('waiting', options.onWaiting);
  if (Hls.isSupported()) {
    const hls = new Hls({
      liveSyncDurationCount: 3,
      maxLiveSyncPlaybackRate: 1.5,
      manifestLoadingMaxRetry: 6,
      levelLoadingMaxRetry: 6,
      fragLoadingMaxRetry: 6,
      xhrSetup: (xhr, url) => xhr.open('GET', withCurrentToken(url, options.playlist()), true),
    });
    let stopped = false;
    hls.on(Hls.Events.ERROR, (_event, data) => {
      const code = data.response?.code;
      if (code === 403 || code === 429) {
        options.onRefused();
        return;
      }
      if (!data.fatal || stopped) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else setTimeout(() => !stopped && hls.startLoad(), 2000);
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => void video.play().catch(() => undefined));
    hls.loadSource(options.playlist());
    hls.attachMedia(video);
    return {
      stop() {
        stopped = true;
        hls.destroy();
      },
    };
  }
  if (video.canPlayType('application/vnd.apple.mpegurl')) {
    // Safari keeps the address it was given: when its token runs out, the page gives it the new one.
    const load = (): void => {
      video.src = options.playlist();
      void video.play().catch(() => undefined);
    };
    const retry = (): void => {
      options.onRefused();
      setTimeout(load, 1000);
    };
    video.addEventListener('error', retry);
    load();
    return {
      stop() {
        video.removeEventListener('error', retry);
        video.removeAttribute('src');
        video.load();
      },
    };
  }
  return null;
}
