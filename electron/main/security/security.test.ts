import { EventEmitter } from 'node:events';
import type { OnHeadersReceivedListenerDetails, HeadersReceivedResponse, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createMainWindow } from '../windows/main-window';

const created = vi.hoisted(() => [] as unknown[]);
const opened = vi.hoisted(() => [] as string[]);
vi.mock('electron', () => ({
  shell: { openExternal: (url: string) => (opened.push(url), Promise.resolve()) },
  BrowserWindow: class {
    constructor(options: unknown) {
      created.push(options);
    }
  },
}));
import { contentSecurityPolicy, installContentSecurityPolicy } from './content-security-policy';
import { isAllowedExternalUrl } from './external-links';
import { openInBrowser } from './open-in-browser';
import { guardNavigation } from './navigation-guard';
import { installPermissionPolicy } from './permission-policy';

const isAppUrl = (url: string): boolean => url.startsWith('app://livemanager/');

describe('main window options', () => {
  it('isolate the renderer: context isolation, sandbox, no Node, web security on', () => {
    createMainWindow('/app/out/preload/index.cjs');
    const prefs = (created[0] as BrowserWindowConstructorOptions | undefined)?.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/app/out/preload/index.cjs',
    });
  });
});

function directive(policy: string, name: string): string[] {
  const found = policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name);
  return found ? found.slice(1) : [];
}

describe('Content-Security-Policy', () => {
  it('allows only the app itself, and the loopback HLS origin for media', () => {
    const policy = contentSecurityPolicy({ hlsOrigin: 'http://127.0.0.1:8787' });
    expect(directive(policy, 'default-src')).toEqual(["'none'"]);
    expect(directive(policy, 'script-src')).toEqual(["'self'"]);
    expect(directive(policy, 'media-src')).toEqual(["'self'", 'blob:', 'http://127.0.0.1:8787']);
    expect(directive(policy, 'connect-src')).toEqual(["'self'", 'http://127.0.0.1:8787']);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
    expect(directive(policy, 'frame-ancestors')).toEqual(["'none'"]);
    expect(policy).not.toContain('unsafe-eval');
    expect(directive(policy, 'script-src')).not.toContain("'unsafe-inline'");
  });

  it('adds the VPS preview proxy, loopback too, beside the local HLS origin', () => {
    const policy = contentSecurityPolicy({ hlsOrigin: 'http://127.0.0.1:8787', vpsPreviewOrigin: 'http://127.0.0.1:8788' });
    expect(directive(policy, 'media-src')).toEqual(["'self'", 'blob:', 'http://127.0.0.1:8787', 'http://127.0.0.1:8788']);
    expect(directive(policy, 'connect-src')).toEqual(["'self'", 'http://127.0.0.1:8787', 'http://127.0.0.1:8788']);
    expect(contentSecurityPolicy({ vpsPreviewOrigin: 'http://vps.example.com:8080' })).not.toContain('vps.example.com');
  });

  it('never widens media to a non-loopback origin', () => {
    const policy = contentSecurityPolicy({ hlsOrigin: 'https://cdn.example.com' });
    expect(policy).not.toContain('cdn.example.com');
    expect(directive(policy, 'media-src')).toEqual(["'self'", 'blob:']);
  });

  it('is sent as a response header on every response, replacing any server policy', () => {
    let listener:
      ((details: OnHeadersReceivedListenerDetails, callback: (r: HeadersReceivedResponse) => void) => void) | undefined;
    const session = { webRequest: { onHeadersReceived: vi.fn((fn: typeof listener) => (listener = fn)) } };
    installContentSecurityPolicy(session as never, () => contentSecurityPolicy({ hlsOrigin: 'http://127.0.0.1:9000' }));
    const callback = vi.fn();
    listener?.(
      {
        url: 'app://livemanager/index.html',
        responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      } as never,
      callback,
    );
    const headers = (callback.mock.calls[0]?.[0] as HeadersReceivedResponse).responseHeaders ?? {};
    expect(Object.keys(headers).filter((k) => k.toLowerCase() === 'content-security-policy')).toEqual([
      'Content-Security-Policy',
    ]);
    expect(String(headers['Content-Security-Policy'])).toContain('media-src');
    expect(String(headers['Content-Security-Policy'])).toContain('http://127.0.0.1:9000');
    expect(headers['Content-Type']).toEqual(['text/html']);
  });
});

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  /** Emit like Electron: returns whether a listener called preventDefault. */
  attempt(name: string, url: string): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe('navigation guard', () => {
  function guarded() {
    const contents = new FakeContents();
    const openExternal = vi.fn(() => Promise.resolve());
    guardNavigation(contents as unknown as WebContents, { isAppUrl, openInBrowser: openExternal });
    return { contents, openExternal };
  }

  it('blocks navigation and redirects away from the app', () => {
    const { contents, openExternal } = guarded();
    expect(contents.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.attempt('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(contents.attempt('will-navigate', 'app://livemanager/index.html')).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('denies every window.open; only allow-listed https links open in the system browser', () => {
    const { contents, openExternal } = guarded();
    expect(contents.openHandler?.({ url: 'https://studio.youtube.com/channel/x/livestreaming' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'http://twitch.tv/' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://studio.youtube.com/channel/x/livestreaming']]);
  });

  it('refuses <webview> tags', () => {
    const { contents } = guarded();
    expect(contents.attempt('will-attach-webview', '')).toBe(true);
  });

  it('allow-lists https hosts only, with no credentials or tricks', () => {
    expect(isAllowedExternalUrl('https://www.twitch.tv/settings')).toBe(true);
    expect(isAllowedExternalUrl('https://twitch.tv.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://eviltwitch.tv/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@github.com/')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
  });
});

describe('permission policy', () => {
  function installed() {
    let request:
      | ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl?: string }) => void)
      | undefined;
    let check: ((wc: unknown, permission: string, origin: string) => boolean) | undefined;
    installPermissionPolicy(
      {
        setPermissionRequestHandler: (fn: typeof request) => (request = fn),
        setPermissionCheckHandler: (fn: typeof check) => (check = fn),
      } as never,
      { isAppUrl },
    );
    const ask = (permission: string, url: string): boolean => {
      let answer: boolean | undefined;
      request?.({}, permission, (granted) => (answer = granted), { requestingUrl: url });
      return answer ?? false;
    };
    return { ask, check: (permission: string, origin: string) => check?.({}, permission, origin) };
  }

  it('denies camera, microphone, geolocation and page notifications, even to the app', () => {
    const { ask, check } = installed();
    for (const permission of ['media', 'geolocation', 'notifications', 'midi', 'openExternal']) {
      expect(ask(permission, 'app://livemanager/index.html')).toBe(false);
      expect(check(permission, 'app://livemanager')).toBe(false);
    }
  });

  it('grants only what the app itself uses (clipboard write, fullscreen), and only to the app', () => {
    const { ask } = installed();
    expect(ask('clipboard-sanitized-write', 'app://livemanager/index.html')).toBe(true);
    expect(ask('fullscreen', 'app://livemanager/index.html')).toBe(true);
    expect(ask('fullscreen', 'https://evil.example/')).toBe(false);
  });
});

describe('openInBrowser', () => {
  it('opens allow-listed https links in the system browser and refuses everything else', async () => {
    await openInBrowser('https://dashboard.twitch.tv/settings/stream');
    await expect(openInBrowser('https://evil.example/')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(openInBrowser('file:///etc/passwd')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(opened).toEqual(['https://dashboard.twitch.tv/settings/stream']);
  });
});
