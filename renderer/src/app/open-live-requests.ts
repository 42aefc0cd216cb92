import type { Unsubscribe } from '@shared/contract/define';
import type { LiveManagerApi } from '../bridge/api';
import type { Route } from './route';

/**
 * The desktop shell asks to show a live (its native notification or tray item was clicked):
 * open that live's page. Returns the unsubscribe, for an effect's cleanup.
 */
export function followOpenLiveRequests(api: Pick<LiveManagerApi, 'on'>, open: (route: Route) => void): Unsubscribe {
  return api.on('shell.openLive', ({ liveId }) => open({ page: 'live', liveId }));
}
