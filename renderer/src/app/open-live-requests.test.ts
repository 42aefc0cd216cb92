import { describe, expect, it } from 'vitest';
import { contract } from '@shared/contract';
import { buildApi } from '@shared/rpc/api';
import { followOpenLiveRequests } from './open-live-requests';
import type { Route } from './route';

describe('a clicked native notification opens its live', () => {
  it('shell.openLive from the desktop shell navigates to that live, until unsubscribed', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const api = buildApi(
      contract,
      () => Promise.reject(new Error('no calls here')),
      (event, listener) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    );
    const opened: Route[] = [];
    const stop = followOpenLiveRequests(api, (route) => opened.push(route));
    listeners.get('shell.openLive')?.({ liveId: 'live-42' });
    expect(opened).toEqual([{ page: 'live', liveId: 'live-42' }]);
    stop();
    expect(listeners.has('shell.openLive')).toBe(false);
  });
});
