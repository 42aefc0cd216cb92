import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IpcReply } from '@shared/rpc/ipc-channels';
import { sshdAvailable, startSshd } from '../../../tests/support/sshd';

// Electron itself cannot run here: every Electron API the wiring touches is a recording fake.
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const appEvents = new Map<string, Listener[]>();
  const state = {
    userData: '',
    windows: [] as {
      options: { webPreferences?: Record<string, unknown> };
      loaded: string[];
      webContents: Record<string, unknown>;
    }[],
    trays: [] as { images: unknown[]; menus: unknown[] }[],
    ipcHandlers: new Map<string, Listener>(),
    invokeChannels: [] as string[],
    removedChannels: [] as string[],
    loginItems: [] as unknown[],
    protocols: [] as string[],
    headerListeners: 0,
    headerListener: undefined as Listener | undefined,
    permissionHandlers: 0,
    quits: 0,
    keychain: new Map<string, string>(),
    notifications: [] as { options: { title?: string }; clicks: (() => void)[] }[],
    sent: [] as unknown[][],
    emitApp(name: string, ...args: unknown[]) {
      for (const l of appEvents.get(name) ?? []) l(...args);
    },
  };
  const app = {
    isPackaged: false,
    getPath: () => state.userData,
    getVersion: () => '0.1.0-test',
    getAppPath: () => process.cwd(),
    getPreferredSystemLanguages: () => ['fr-FR', 'en-US'],
    setLoginItemSettings: (settings: unknown) => state.loginItems.push(settings),
    on: (name: string, listener: Listener) => appEvents.set(name, [...(appEvents.get(name) ?? []), listener]),
    quit: () => {
      state.quits++;
    },
    exit: () => undefined,
  };
  let nextId = 1;
  class BrowserWindow {
    readonly webContents: Record<string, unknown>;
    readonly loaded: string[] = [];
    constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
      const id = nextId++;
      this.webContents = {
        id,
        mainFrame: { routingId: id, url: 'app://livemanager/index.html' },
        send: (...args: unknown[]) => state.sent.push(args),
        isDestroyed: () => false,
      };
      state.windows.push(this);
    }
    on() {}
    once() {}
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    show() {}
    focus() {}
    restore() {}
    hide() {}
  }
  class Tray {
    readonly images: unknown[] = [];
    readonly menus: unknown[] = [];
    constructor(icon: unknown) {
      this.images.push(icon);
      state.trays.push(this);
    }
    setImage(icon: unknown) {
      this.images.push(icon);
    }
    setContextMenu(menu: unknown) {
      this.menus.push(menu);
    }
    setToolTip() {}
    on() {}
    destroy() {}
  }
  class Notification {
    static isSupported = () => true;
    readonly clicks: (() => void)[] = [];
    constructor(readonly options: { title?: string }) {}
    on(_event: 'click', fn: () => void) {
      this.clicks.push(fn);
    }
    show() {
      state.notifications.push(this);
    }
  }
  const ipcMain = {
    handle: (channel: string, fn: Listener) => {
      state.invokeChannels.push(channel);
      state.ipcHandlers.set(channel, fn);
    },
    removeHandler: (channel: string) => state.ipcHandlers.delete(channel),
    on: (channel: string, fn: Listener) => state.ipcHandlers.set(channel, fn),
    removeAllListeners: (channel: string) => {
      state.removedChannels.push(channel);
      state.ipcHandlers.delete(channel);
    },
  };
  const electron = {
    app,
    BrowserWindow,
    Tray,
    Notification,
    ipcMain,
    dialog: { showMessageBox: () => Promise.resolve({ response: 1 }) },
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: { createFromPath: (file: string) => ({ file }) },
    net: { fetch: () => Promise.resolve(new Response('')) },
    protocol: { handle: (scheme: string) => state.protocols.push(scheme), registerSchemesAsPrivileged: () => undefined },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    session: {
      defaultSession: {
        webRequest: {
          onHeadersReceived: (listener: Listener) => {
            state.headerListeners++;
            state.headerListener = listener;
          },
        },
        setPermissionRequestHandler: () => void state.permissionHandlers++,
        setPermissionCheckHandler: () => void state.permissionHandlers++,
      },
    },
    shell: { openExternal: () => Promise.resolve() },
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));
// The real keychain is tested against GNOME Keyring elsewhere; here an in-memory one that answers.
vi.mock('@napi-rs/keyring', () => ({
  AsyncEntry: class {
    readonly key: string;
    constructor(service: string, account: string) {
      this.key = `${service}/${account}`;
    }
    getPassword = () => Promise.resolve(fake.state.keychain.get(this.key) ?? null);
    setPassword = (value: string) => Promise.resolve(void fake.state.keychain.set(this.key, value));
    deletePassword = () => Promise.resolve(fake.state.keychain.delete(this.key));
  },
}));

const { startDesktopApp } = await import('./desktop-app');

describe('desktop app wiring (Electron mocked)', () => {
  beforeAll(async () => {
    fake.state.userData = await mkdtemp(path.join(tmpdir(), 'lm-desktop-'));
    delete process.env.ELECTRON_RENDERER_URL;
    await startDesktopApp();
  }, 60_000);

  afterAll(async () => {
    fake.state.emitApp('will-quit', { preventDefault: () => undefined });
    await vi.waitFor(() => expect(fake.state.quits).toBeGreaterThan(0), { timeout: 20_000 });
    await rm(fake.state.userData, { recursive: true, force: true });
  });

  it('opens one hardened window on the app:// entry with the preload', () => {
    expect(fake.state.windows).toHaveLength(1);
    const [win] = fake.state.windows;
    expect(win?.loaded).toEqual(['app://livemanager/index.html']);
    expect(win?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(win?.options.webPreferences?.preload)).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('installs the CSP header, the permission policy and the app:// protocol', () => {
    expect(fake.state.headerListeners).toBe(1);
    expect(fake.state.permissionHandlers).toBe(2);
    expect(fake.state.protocols).toEqual(['app']);
  });

  it('names the preview server’s exact loopback origin in the CSP header, and the engine serves previews there', async () => {
    let headers: Record<string, string[]> = {};
    fake.state.headerListener?.(
      { responseHeaders: { 'content-security-policy': ['default-src *'] } },
      (r: { responseHeaders: Record<string, string[]> }) => {
        headers = r.responseHeaders;
      },
    );
    const csp = headers['Content-Security-Policy']?.[0] ?? '';
    // The local engine's preview server, then the proxy for VPS agents' previews (through SSH).
    const [, origin, vpsOrigin] =
      /media-src 'self' blob: (http:\/\/127\.0\.0\.1:\d+) (http:\/\/127\.0\.0\.1:\d+)(;|$)/.exec(csp) ?? [];
    expect(origin, csp).toBeDefined();
    expect(vpsOrigin).not.toBe(origin);
    expect(csp).toContain(`connect-src 'self' ${origin} ${vpsOrigin}`);
    expect(csp).not.toContain('default-src *');

    const channel = fake.state.invokeChannels[0] ?? '';
    const handler = fake.state.ipcHandlers.get(channel) as (event: unknown, ...args: unknown[]) => Promise<IpcReply>;
    const contents = fake.state.windows[0]?.webContents as { mainFrame: unknown };
    const call = (method: string, params: unknown) =>
      handler({ sender: contents, senderFrame: contents.mainFrame }, method, params);
    const created = await call('lives.create', {
      title: 'CSP preview',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    if (!created.ok) throw new Error(created.error.message);
    const liveId = (created.value as { id: string }).id;
    const started = await call('lives.start', { liveId });
    expect(started.ok).toBe(true);
    await vi.waitFor(
      async () => {
        const preview = await call('lives.previewUrl', { liveId });
        expect(preview.ok && new URL((preview.value as { url: string }).url).origin).toBe(origin);
      },
      { timeout: 30_000, interval: 200 },
    );
    await call('lives.stop', { liveId });
  }, 60_000);

  it('clicking a native notification about a live shows the window and tells the renderer to open that live', async () => {
    const channel = fake.state.invokeChannels[0] ?? '';
    const handler = fake.state.ipcHandlers.get(channel) as (event: unknown, ...args: unknown[]) => Promise<IpcReply>;
    const contents = fake.state.windows[0]?.webContents as { mainFrame: unknown };
    const call = (method: string, params: unknown) =>
      handler({ sender: contents, senderFrame: contents.mainFrame }, method, params);
    const created = await call('lives.create', {
      title: 'Notified show',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    if (!created.ok) throw new Error(created.error.message);
    const liveId = (created.value as { id: string }).id;
    await call('lives.start', { liveId });
    // The engine's live.started notice becomes a native notification (on by default).
    const shown = await vi.waitFor(
      () => {
        const found = fake.state.notifications.find((n) => n.options.title?.includes('Notified show'));
        if (!found) throw new Error('no notification yet');
        return found;
      },
      { timeout: 30_000, interval: 100 },
    );
    fake.state.sent.length = 0;
    for (const click of shown.clicks) click();
    expect(fake.state.sent).toContainEqual([expect.any(String), 'shell.openLive', { liveId }, 'local']);
    await call('lives.stop', { liveId });
  }, 60_000);

  it('mounts the contract on IPC for its own window only, and drops electron-store’s channel', async () => {
    // Main answers exactly one invoke channel: the contract's.
    expect(fake.state.invokeChannels).toHaveLength(1);
    const channel = fake.state.invokeChannels[0] ?? '';
    const handler = fake.state.ipcHandlers.get(channel) as (event: unknown, ...args: unknown[]) => Promise<IpcReply>;
    const contents = fake.state.windows[0]?.webContents as { mainFrame: unknown };
    const own = await handler({ sender: contents, senderFrame: contents.mainFrame }, 'system.info', undefined);
    expect(own).toMatchObject({ ok: true, value: { appVersion: '0.1.0-test' } });
    const foreign = { id: 999, mainFrame: { routingId: 999, url: 'app://livemanager/index.html' } };
    expect(await handler({ sender: foreign, senderFrame: foreign.mainFrame }, 'system.info')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(fake.state.removedChannels).toContain('electron-store-get-data');
    expect(fake.state.ipcHandlers.has('electron-store-get-data')).toBe(false);
  });

  it.skipIf(!sshdAvailable())(
    'connects targets over SSH: the probed host key is pinned, then the agent is looked for',
    async () => {
      const sshd = await startSshd();
      try {
        const channel = fake.state.invokeChannels[0] ?? '';
        const handler = fake.state.ipcHandlers.get(channel) as (event: unknown, ...args: unknown[]) => Promise<IpcReply>;
        const contents = fake.state.windows[0]?.webContents as { mainFrame: unknown };
        const call = (method: string, params: unknown) =>
          handler({ sender: contents, senderFrame: contents.mainFrame }, method, params);
        const added = await call('targets.add', {
          label: 'Bare VPS',
          host: sshd.host,
          port: sshd.port,
          user: sshd.user,
          auth: { kind: 'key', keyPath: sshd.clientKeyPath },
        });
        if (!added.ok) throw new Error(added.error.message);
        const id = (added.value as { id: string }).id;
        // No agent in that HOME yet: the SSH side worked (key pinned, signed in), the agent is missing.
        expect(await call('targets.connect', { targetId: id })).toMatchObject({
          ok: false,
          error: { code: 'UNAVAILABLE', message: expect.stringMatching(/agent is not installed on Bare VPS/) },
        });
        const listed = await call('targets.list', undefined);
        expect(listed.ok && (listed.value as { targets: { id: string }[] }).targets.find((t) => t.id === id)).toMatchObject({
          state: 'failed',
          hostKeySha256: await sshd.hostKeyFingerprint(),
        });
        expect(await call('targets.remove', { targetId: id })).toMatchObject({ ok: true });
      } finally {
        await sshd.close();
      }
    },
    60_000,
  );

  it('shows the tray with the idle icon, and applies the start-at-login setting', async () => {
    expect(fake.state.trays).toHaveLength(1);
    await vi.waitFor(() => expect(fake.state.trays[0]?.menus.length).toBeGreaterThan(0));
    expect(fake.state.trays[0]?.images.at(-1)).toEqual({ file: expect.stringMatching(/resources[\\/]tray[\\/]idle\.png$/) });
    expect(fake.state.loginItems).toEqual([{ openAtLogin: false }]);
  });

  it('keeps secrets in the keychain when it answers (the probe leaves nothing behind)', () => {
    expect([...fake.state.keychain.keys()]).toEqual([]);
  });
});
