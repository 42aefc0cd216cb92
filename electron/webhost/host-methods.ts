import { hostContract, type HostContract } from '@shared/contract';
import { RpcError } from '@shared/contract/errors';
import { LOCAL_TARGET_ID } from '@shared/contract/host-targets';
import type { EventHub } from '@shared/rpc/event-hub';
import type { HostHandlers } from '@shared/rpc/host-routing';
import { createRouter, type Router } from '@shared/rpc/router';
import type { CallContext } from '../engine/context';
import type { WebHostSettings } from './settings-file';

const NO_PICKER =
  'A browser page cannot open this computer’s file picker: type the full path instead (the desktop app has a picker).';
const DESKTOP_ONLY = 'Agents are added and connected in the desktop app; this page drives the web host’s own engine only.';

/**
 * The web host's answers to the host methods, safe for a browser tab: no native dialogs
 * (UNAVAILABLE, with what to do instead), settings in the host's data folder, and one target,
 * "This computer" (the engine the web host runs).
 */
export function webHostRouter(settings: WebHostSettings, events: EventHub<HostContract>): Router<CallContext> {
  const unavailable = (message: string) => () => {
    throw new RpcError('UNAVAILABLE', message);
  };
  const handlers: HostHandlers<CallContext> = {
    'shell.pickFile': unavailable(NO_PICKER),
    'shell.pickFolder': unavailable(NO_PICKER),
    'settings.get': () => settings.get(),
    'settings.chooseFfmpeg': unavailable(
      'A browser page cannot choose the program this computer runs: start the web host with LIVEMANAGER_FFMPEG=/path/to/ffmpeg, or use the desktop app.',
    ),
    'settings.update': (patch) => {
      const next = settings.update(patch);
      events.emit('settings.changed', next);
      return next;
    },
    'targets.list': () => ({ targets: [{ kind: 'local', id: LOCAL_TARGET_ID, label: 'This computer', state: 'connected' }] }),
    'targets.add': unavailable(DESKTOP_ONLY),
    'targets.connect': ({ targetId }) => {
      if (targetId !== LOCAL_TARGET_ID) throw new RpcError('NOT_FOUND', `No target "${targetId}" here. ${DESKTOP_ONLY}`);
      return { kind: 'local', id: LOCAL_TARGET_ID, label: 'This computer', state: 'connected' };
    },
    'targets.disconnect': unavailable(DESKTOP_ONLY),
    'targets.acceptHostKey': unavailable(DESKTOP_ONLY),
    'targets.remove': unavailable(DESKTOP_ONLY),
  };
  return createRouter<HostContract, CallContext>(hostContract, handlers);
}
