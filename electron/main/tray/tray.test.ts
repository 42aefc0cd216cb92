import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { Live } from '@shared/contract/lives';
import type { EngineApi } from '../targets/target-api';
import { createAppTray, trayIconFile } from './app-tray';
import { livesTraySource, trayStateOf } from './lives-tray-source';
import { buildTrayMenu, TRAY_LABELS, type TrayActions } from './tray-menu';
import { trayIconName, type TrayState } from './tray-state';

const RESOURCES = path.resolve(import.meta.dirname, '../../../resources');

function actions() {
  return {
    stop: vi.fn<(id: string) => void>(),
    startNow: vi.fn<(id: string) => void>(),
    stopAll: vi.fn<() => void>(),
    open: vi.fn<() => void>(),
    quit: vi.fn<() => void>(),
  } satisfies TrayActions;
}
const byId = (items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined =>
  items.flatMap((i) => [i, ...((i.submenu as MenuItemConstructorOptions[] | undefined) ?? [])]).find((i) => i.id === id);
const click = (item: MenuItemConstructorOptions | undefined): void => (item?.click as (() => void) | undefined)?.();

describe('buildTrayMenu', () => {
  const busy: TrayState = {
    running: [
      { id: 'l1', title: 'Sunday mass — YouTube' },
      { id: 'l2', title: 'Q&A replay' },
    ],
    nextScheduled: { id: 'l3', title: 'Evening news', startsAt: '2026-03-29T18:00:00.000Z' },
    anyError: false,
  };

  it('lists running lives with Stop, the next scheduled with Start now, then Stop all, Open, Quit', () => {
    const a = actions();
    const menu = buildTrayMenu(busy, a, TRAY_LABELS.en, () => '19:00');
    expect(menu.filter((i) => i.type !== 'separator').map((i) => i.label)).toEqual([
      '2 lives running',
      'Sunday mass — YouTube',
      'Q&&A replay',
      'Next: 19:00 — Evening news',
      'Start now',
      'Stop all',
      'Open LiveManager',
      'Quit',
    ]);
    click(byId(menu, 'stop:l2'));
    click(byId(menu, 'start:l3'));
    click(byId(menu, 'stop-all'));
    click(byId(menu, 'open'));
    click(byId(menu, 'quit'));
    expect(a.stop).toHaveBeenCalledExactlyOnceWith('l2');
    expect(a.startNow).toHaveBeenCalledExactlyOnceWith('l3');
    expect([a.stopAll, a.open, a.quit].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
  });

  it('when idle: says so, Stop all is disabled, no Start now', () => {
    const menu = buildTrayMenu({ running: [], anyError: false }, actions(), TRAY_LABELS.fr);
    expect(menu[0]).toMatchObject({ label: 'Aucun live en cours', enabled: false });
    expect(byId(menu, 'stop-all')).toMatchObject({ label: 'Tout arrêter', enabled: false });
    expect(menu.some((i) => i.id?.startsWith('start:'))).toBe(false);
  });

  it('shortens very long titles', () => {
    const menu = buildTrayMenu({ running: [{ id: 'x', title: 'a'.repeat(200) }], anyError: false }, actions());
    expect(byId(menu, 'live:x')?.label?.length).toBeLessThanOrEqual(48);
  });
});

describe('tray icon', () => {
  it('shows idle, live, or error (error wins)', () => {
    expect(trayIconName({ running: [], anyError: false })).toBe('idle');
    expect(trayIconName({ running: [{ id: 'a', title: 'a' }], anyError: false })).toBe('live');
    expect(trayIconName({ running: [{ id: 'a', title: 'a' }], anyError: true })).toBe('error');
  });

  it('has a 16 px and a 32 px PNG for each state in resources/', () => {
    for (const name of ['idle', 'live', 'error'] as const) {
      for (const [file, size] of [
        [trayIconFile(RESOURCES, name), 16],
        [trayIconFile(RESOURCES, name).replace('.png', '@2x.png'), 32],
      ] as const) {
        const bytes = readFileSync(file);
        expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
        expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([size, size]);
      }
    }
  });
});

function live(id: string, state: Live['state'], start: Live['start'] = { kind: 'manual' }): Live {
  return {
    id,
    title: `Live ${id}`,
    ownerId: 'local',
    source: { kind: 'testPattern' } as unknown as Live['source'],
    destinations: [],
    encoding: { mode: 'auto' } as Live['encoding'],
    loop: { kind: 'once' } as Live['loop'],
    start,
    end: { kind: 'none' },
    state,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

describe('tray state from the engine lives', () => {
  const now = Date.parse('2026-03-29T12:00:00Z');

  it('running lives, the soonest scheduled one (one-off or recurring), and failures', () => {
    const state = trayStateOf(
      [
        live('a', 'live'),
        live('b', 'reconnecting'),
        live('c', 'scheduled', { kind: 'once', at: '2026-03-30T09:00:00Z', timeZone: 'UTC' }),
        live('d', 'scheduled', { kind: 'recurring', cron: '0 18 * * *', timeZone: 'UTC' }),
        live('e', 'ended'),
      ],
      now,
    );
    expect(state).toEqual({
      running: [
        { id: 'a', title: 'Live a' },
        { id: 'b', title: 'Live b' },
      ],
      nextScheduled: { id: 'd', title: 'Live d', startsAt: '2026-03-29T18:00:00.000Z' },
      anyError: true,
    });
    expect(trayStateOf([live('a', 'failed')], now).anyError).toBe(true);
    expect(trayStateOf([live('a', 'ended'), live('b', 'draft')], now)).toEqual({
      running: [],
      nextScheduled: undefined,
      anyError: false,
    });
  });

  it('reads every page of the lives it shows through the typed API, refreshes on live events, sends Stop / Start now / Stop all', async () => {
    let lives = [
      live('a', 'live'),
      live('b', 'starting'),
      live('c', 'scheduled', { kind: 'once', at: '2026-03-30T09:00:00Z', timeZone: 'UTC' }),
    ];
    const calls: [string, unknown][] = [];
    const listeners = new Map<string, () => void>();
    // Two lives a page, so the tray has to follow nextCursor.
    const list = (input?: { cursor?: string; state?: string[] }) => {
      calls.push(['lives.list', input]);
      const from = input?.cursor ? Number(input.cursor) : 0;
      const next = from + 2 < lives.length ? String(from + 2) : null;
      return Promise.resolve({ items: lives.slice(from, from + 2), nextCursor: next });
    };
    const command = (name: string) => (input: { liveId: string }) => {
      calls.push([name, input]);
      return Promise.resolve(lives[0]!);
    };
    const api = {
      lives: { list, stop: command('lives.stop'), start: command('lives.start') },
      on: (event: string, listener: () => void) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    } as unknown as Pick<EngineApi, 'lives' | 'on'>;
    const source = livesTraySource({ now: () => now, api });
    const seen: TrayState[] = [];
    source.onChange((s) => seen.push(s));
    await source.refresh();
    expect(source.current().running.map((l) => l.id)).toEqual(['a', 'b']);
    expect(source.current().nextScheduled?.id).toBe('c');
    expect(calls.map(([, input]) => (input as { cursor?: string }).cursor)).toEqual([undefined, '2']);
    expect((calls[0]?.[1] as { state: string[] }).state.sort()).toEqual(
      ['failed', 'live', 'queued', 'reconnecting', 'scheduled', 'starting', 'stopping'].sort(),
    );

    lives = [live('a', 'ended')];
    listeners.get('live.updated')?.();
    await expect.poll(() => source.current().running).toEqual([]);
    expect(seen.length).toBeGreaterThanOrEqual(2);

    lives = [live('a', 'live'), live('b', 'live')];
    await source.refresh();
    calls.length = 0;
    await source.stop('a');
    await source.startNow('c');
    await source.stopAll();
    expect(calls).toEqual([
      ['lives.stop', { liveId: 'a' }],
      ['lives.start', { liveId: 'c' }],
      ['lives.stop', { liveId: 'a' }],
      ['lives.stop', { liveId: 'b' }],
    ]);
    source.close();
    expect(listeners.size).toBe(0);
  });
});

describe('app tray glue', () => {
  it('sets the icon and menu from the state, and follows changes', () => {
    let listener: (s: TrayState) => void = () => undefined;
    let state: TrayState = { running: [], anyError: false };
    const tray = { setImage: vi.fn(), setContextMenu: vi.fn(), setToolTip: vi.fn(), on: vi.fn(), destroy: vi.fn() };
    const loaded: string[] = [];
    createAppTray({
      createTray: () => tray as never,
      buildMenu: (template) => template as never,
      loadIcon: (file) => (loaded.push(path.basename(file)), file) as never,
      resourcesDir: RESOURCES,
      source: {
        current: () => state,
        onChange: (fn) => ((listener = fn), () => undefined),
        stop: () => Promise.resolve(),
        startNow: () => Promise.resolve(),
        stopAll: () => Promise.resolve(),
      },
      open: vi.fn(),
      quit: vi.fn(),
      labels: () => TRAY_LABELS.en,
      formatTime: (iso) => iso,
    });
    expect(loaded.at(-1)).toBe('idle.png');
    state = { running: [{ id: 'a', title: 'A' }], anyError: false };
    listener(state);
    expect(loaded.at(-1)).toBe('live.png');
    expect(tray.setToolTip).toHaveBeenLastCalledWith('LiveManager — 1 live running');
    const menu = tray.setContextMenu.mock.calls.at(-1)?.[0] as MenuItemConstructorOptions[];
    expect(menu[0]?.label).toBe('1 live running');
  });
});
