import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, resolveAppFile, serveAppProtocol } from './app-protocol';
import { keepInTrayOnClose } from './main-window';

vi.mock('electron', () => ({ BrowserWindow: class {} }));

describe('app:// protocol', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lm-app-'));
    await mkdir(path.join(root, 'assets'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>LiveManager</title>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('maps app URLs into the renderer folder, routes to index.html', () => {
    expect(resolveAppFile(root, APP_ENTRY_URL)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://livemanager/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveAppFile(root, 'app://livemanager/lives/42')).toBe(path.join(root, 'index.html'));
  });

  it('refuses other hosts and any path escaping the folder', () => {
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'app://livemanager/..%2f..%2fetc/passwd.txt')).toBeNull();
    // The URL parser already folds encoded dot segments: this stays inside the folder.
    expect(resolveAppFile(root, 'app://livemanager/%2e%2e/secret.json')).toBe(path.join(root, 'secret.json'));
    expect(resolveAppFile(root, 'app://livemanager/a%00.js')).toBeNull();
    expect(resolveAppFile(root, 'app://livemanager/%E0%A4%A.js')).toBeNull();
  });

  it('serves files with the CSP header, and 404 outside the folder', async () => {
    let handler: ((request: Request) => Promise<Response>) | undefined;
    const protocol = { handle: (_scheme: string, fn: typeof handler) => void (handler = fn) };
    const net = {
      fetch: async (url: string) =>
        new Response(await readFile(fileURLToPath(url)), { headers: { 'content-type': 'text/html' } }),
    };
    serveAppProtocol(protocol as never, net as never, root, () => "default-src 'none'");
    const ok = await handler?.(new Request(APP_ENTRY_URL));
    expect(ok?.status).toBe(200);
    expect(ok?.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(await ok?.text()).toContain('LiveManager');
    const escaped = await handler?.(new Request('app://livemanager/..%2f..%2fetc%2fpasswd.txt'));
    expect(escaped?.status).toBe(404);
  });
});

describe('close to tray', () => {
  function closing(closeToTray: boolean, quitting: boolean): { prevented: boolean; hidden: boolean } {
    const win = Object.assign(new EventEmitter(), {
      hidden: false,
      hide() {
        this.hidden = true;
      },
    });
    keepInTrayOnClose(win as never, { closeToTray: () => closeToTray, isQuitting: () => quitting });
    let prevented = false;
    win.emit('close', { preventDefault: () => (prevented = true) });
    return { prevented, hidden: win.hidden };
  }

  it('hides the window instead of closing when the setting is on', () => {
    expect(closing(true, false)).toEqual({ prevented: true, hidden: true });
  });
  it('closes when the setting is off, or when the user quits', () => {
    expect(closing(false, false)).toEqual({ prevented: false, hidden: false });
    expect(closing(true, true)).toEqual({ prevented: false, hidden: false });
  });
});
