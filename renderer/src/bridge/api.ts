import type { AppContract } from '@shared/contract';
import type { ApiOf } from '@shared/contract/define';
import { contract } from '@shared/contract';
import { reviveRpcErrors } from '@shared/rpc/api';
import { createChannelClient } from '@shared/rpc/channel-client';
import { websocketChannel } from '@shared/rpc/websocket-channel';

export type LiveManagerApi = ApiOf<AppContract>;

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser build until `connectApi` installs it. */
    livemanager?: LiveManagerApi;
  }
}

const TOKEN_KEY = 'livemanager.webhost.token';

/**
 * The engine API for this page: the preload's in Electron, or a WebSocket to the web host in a
 * plain browser. Either way the page sees the same named methods.
 */
export async function connectApi(): Promise<LiveManagerApi> {
  // The preload's errors cross Electron's contextBridge as plain payloads: make them RpcErrors again.
  if (window.livemanager) return reviveRpcErrors(contract, window.livemanager);
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token') ?? sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new Error('Open the address printed by "npm run dev:web": it carries the access token.');
  sessionStorage.setItem(TOKEN_KEY, token);
  if (params.has('token')) {
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (rest ? `?${rest}` : '') + window.location.hash);
  }
  const socket = new WebSocket(`ws://${window.location.host}/rpc?token=${encodeURIComponent(token)}`);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('Could not reach the LiveManager web host.')), { once: true });
  });
  const client = createChannelClient(contract, websocketChannel(socket), { peerName: 'the web host' });
  window.livemanager = client.api;
  return client.api;
}
