import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostContract } from '@shared/contract';
import { RpcError } from '@shared/contract/errors';
import { EventHub } from '@shared/rpc/event-hub';
import { MemorySecretStore } from '../../engine/secrets/secret-store';
import { openSettings } from '../settings/settings-store';
import { TargetRegistry } from '../targets/target-registry';
import { TargetsService } from '../targets/targets-service';
import { ffmpegChoice } from './ffmpeg-choice';
import { filePickers } from './file-pickers';
import { desktopHostRouter } from './host-methods';

// electron-store needs only an absolute cwd when Electron's app is absent.
vi.mock('electron', () => ({ default: {} }));

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function fakeDialog(answer: { canceled: boolean; filePaths: string[] }) {
  const showOpenDialog = vi.fn((..._args: unknown[]) => Promise.resolve(answer));
  return { dialog: { showOpenDialog } as unknown as Pick<Dialog, 'showOpenDialog'>, showOpenDialog };
}

async function desktopHost(dialog = fakeDialog({ canceled: true, filePaths: [] }).dialog) {
  const dir = await mkdtemp(path.join(tmpdir(), 'lm-host-'));
  dirs.push(dir);
  const secrets = new MemorySecretStore();
  const settings = await openSettings({ dir, secrets });
  const events = new EventHub<HostContract>();
  const seen: { event: string; payload: unknown }[] = [];
  events.subscribe((event, payload) => seen.push({ event, payload }));
  const targets = new TargetsService({
    registry: new TargetRegistry(),
    store: { load: () => settings.get().agents, save: (agents) => void settings.update({ agents }) },
    secrets,
    events,
  });
  const router = desktopHostRouter({
    pickers: filePickers({ dialog, parent: () => undefined }),
    chooseFfmpeg: ffmpegChoice({ dialog, parent: () => undefined, settings }),
    settings,
    targets,
    events,
  });
  const call = async (method: string, params?: unknown): Promise<unknown> => {
    const result = await router.call(method, params, { transport: 'ipc' });
    if (!result.ok) throw RpcError.fromPayload(result.error);
    return result.value;
  };
  return { call, settings, seen, router };
}

describe('desktop host methods', () => {
  it('opens the OS file picker modal to the window, with the filters asked, and treats cancel as no file', async () => {
    const window = {} as BrowserWindow;
    const chosen = fakeDialog({ canceled: false, filePaths: ['/videos/a.mp4', '/videos/b.mkv'] });
    const pickers = filePickers({ dialog: chosen.dialog, parent: () => window });
    const filters = [{ name: 'Videos', extensions: ['mp4', 'mkv'] }];
    await expect(
      pickers['shell.pickFile']({ title: 'Add videos', multiple: true, filters }, { transport: 'ipc' }),
    ).resolves.toEqual({
      paths: ['/videos/a.mp4', '/videos/b.mkv'],
    });
    expect(chosen.showOpenDialog).toHaveBeenCalledWith(window, {
      title: 'Add videos',
      filters,
      properties: ['openFile', 'multiSelections'],
    });
    const cancelled = fakeDialog({ canceled: true, filePaths: ['/ignored'] });
    const { call } = await desktopHost(cancelled.dialog);
    await expect(call('shell.pickFolder', { defaultPath: '/videos' })).resolves.toEqual({ path: null });
    expect(cancelled.showOpenDialog).toHaveBeenCalledWith({
      defaultPath: '/videos',
      properties: ['openDirectory', 'createDirectory'],
    });
    await expect(call('shell.pickFile', { filters: [{ name: 'Bad', extensions: ['.mp4'] }] })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
    });
  });

  it('shows and changes the app settings only, saves them, and tells windows when they change', async () => {
    const { call, settings, seen } = await desktopHost();
    const shown = (await call('settings.get')) as Record<string, unknown>;
    expect(Object.keys(shown).sort()).toEqual([
      'closeToTray',
      'ffmpegPath',
      'language',
      'notifications',
      'startAtLogin',
      'theme',
    ]);
    await expect(call('settings.update', { language: 'fr', closeToTray: false })).resolves.toMatchObject({
      language: 'fr',
      closeToTray: false,
    });
    expect(settings.get()).toMatchObject({ language: 'fr', closeToTray: false });
    expect(seen).toEqual([{ event: 'settings.changed', payload: expect.objectContaining({ language: 'fr' }) }]);
    // What the renderer must not change: agents (targets.*), the SMTP relay, the secret-storage
    // choice, and the program the app runs as FFmpeg.
    const refused = [
      { agents: [] },
      { smtp: null },
      { allowUnprotectedSecrets: true },
      { schemaVersion: 2 },
      { ffmpegPath: '/tmp/x' },
    ];
    for (const patch of refused) {
      await expect(call('settings.update', patch)).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
    }
    expect(settings.get()).toMatchObject({ allowUnprotectedSecrets: false, ffmpegPath: null });
    // Adding an agent writes the same file, but changes nothing a window shows as settings.
    await call('targets.add', { label: 'Paris', host: 'paris.example.com', user: 'stream', auth: { kind: 'ssh-agent' } });
    expect(seen.filter((s) => s.event === 'settings.changed')).toHaveLength(1);
    expect(seen.at(-1)?.event).toBe('targets.changed');
  });

  it('chooses FFmpeg only through the OS picker, keeps only a program that answers as FFmpeg, and can go back to automatic', async () => {
    const real = execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim();
    const picked = fakeDialog({ canceled: false, filePaths: [real] });
    const { call, settings } = await desktopHost(picked.dialog);
    await expect(call('settings.chooseFfmpeg')).resolves.toMatchObject({ ffmpegPath: real });
    expect(settings.get().ffmpegPath).toBe(real);
    // The page cannot name the path: the input has no such field.
    await expect(call('settings.chooseFfmpeg', { path: '/tmp/evil' })).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
    await expect(call('settings.chooseFfmpeg', { automatic: true })).resolves.toMatchObject({ ffmpegPath: null });
    const notFfmpeg = await desktopHost(fakeDialog({ canceled: false, filePaths: ['/bin/true'] }).dialog);
    await expect(notFfmpeg.call('settings.chooseFfmpeg')).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
    expect(notFfmpeg.settings.get().ffmpegPath).toBeNull();
    const cancelled = await desktopHost();
    await expect(cancelled.call('settings.chooseFfmpeg')).resolves.toMatchObject({ ffmpegPath: null });
  });

  it('answers targets.* from the registry', async () => {
    const { call } = await desktopHost();
    await call('targets.add', { label: 'Paris', host: 'paris.example.com', user: 'stream', auth: { kind: 'ssh-agent' } });
    await expect(call('targets.list')).resolves.toEqual({
      targets: [expect.objectContaining({ id: 'paris', kind: 'ssh', state: 'disconnected', hasCredential: false })],
    });
    await expect(
      call('targets.add', { label: 'x', host: 'user@host', user: 'me', auth: { kind: 'ssh-agent' } }),
    ).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
    });
  });
});
