import { LOCAL_TARGET } from '@shared/rpc/api';
import type { EventSource } from '@shared/rpc/channel-server';
import type { Router } from '@shared/rpc/router';
import type { CallContext } from '../../engine/context';
import type { Target } from './target';

/** "This computer": the engine running inside Electron main, called directly. */
export function localTarget(router: Router<CallContext>, events: EventSource): Target {
  return {
    id: LOCAL_TARGET,
    label: 'This computer',
    call: (method, params) => router.call(method, params, { transport: 'ipc' }),
    subscribe: (listener) => events.subscribe(listener),
    close: () => Promise.resolve(),
  };
}
