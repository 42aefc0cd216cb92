import { hostContract, type HostContract } from '@shared/contract';
import { appSettingsShape, type AppSettings } from '@shared/contract/host-settings';
import type { EventHub } from '@shared/rpc/event-hub';
import type { HostHandlers } from '@shared/rpc/host-routing';
import { createRouter, type Router } from '@shared/rpc/router';
import type { CallContext } from '../../engine/context';
import type { Settings } from '../settings/settings-schema';
import type { SettingsStore } from '../settings/settings-store';
import type { TargetsService } from '../targets/targets-service';

export interface DesktopHostOptions {
  pickers: Pick<HostHandlers<CallContext>, 'shell.pickFile' | 'shell.pickFolder'>;
  /** `settings.chooseFfmpeg`: the OS picker, a check that it is FFmpeg, then saved (ffmpeg-choice.ts). */
  chooseFfmpeg: HostHandlers<CallContext>['settings.chooseFfmpeg'];
  settings: SettingsStore;
  targets: TargetsService;
  events: EventHub<HostContract>;
  log?: (message: string, error?: unknown) => void;
}

/** The renderer's view of the desktop settings: the contract's fields, none of the rest. */
export function appSettingsOf(settings: Settings): AppSettings {
  return Object.fromEntries(Object.keys(appSettingsShape).map((key) => [key, settings[key as keyof AppSettings]])) as AppSettings;
}

/**
 * Electron main's answers to the host methods: the OS file pickers, the desktop settings (the
 * renderer reaches only their AppSettings part) and the targets registry. Returns the router the
 * IPC bridge sends host namespaces to, and stops following settings when closed.
 */
export function desktopHostRouter(options: DesktopHostOptions): Router<CallContext> & { close(): void } {
  const { settings, targets, events } = options;
  let shown = JSON.stringify(appSettingsOf(settings.get()));
  const off = settings.onChange((next) => {
    const view = appSettingsOf(next);
    // Saving an agent also writes the settings file: tell windows only when their part changed.
    if (JSON.stringify(view) === shown) return;
    shown = JSON.stringify(view);
    events.emit('settings.changed', view);
  });
  const handlers: HostHandlers<CallContext> = {
    ...options.pickers,
    'settings.get': () => appSettingsOf(settings.get()),
    'settings.update': (patch) => appSettingsOf(settings.update(patch)),
    'settings.chooseFfmpeg': options.chooseFfmpeg,
    'targets.list': () => ({ targets: targets.list() }),
    'targets.add': (input) => targets.add(input),
    'targets.connect': ({ targetId }) => targets.connect(targetId),
    'targets.disconnect': ({ targetId }) => targets.disconnect(targetId),
    'targets.acceptHostKey': ({ targetId, presented }) => targets.acceptHostKey(targetId, presented),
    'targets.remove': ({ targetId }) => targets.remove(targetId),
  };
  const router = createRouter<HostContract, CallContext>(hostContract, handlers, {
    onUnexpectedError: (method, error) => options.log?.(`${method} failed`, error),
  });
  return { ...router, close: off };
}
