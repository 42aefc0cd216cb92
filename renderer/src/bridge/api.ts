import type { AppContract } from '@shared/contract';
import type { ApiOf } from '@shared/contract/define';
import { contract } from '@shared/contract';
import { reviveRpcErrors } from '@shared/rpc/api';
import type { FrameChannel } from '@shared/rpc/protocol';
import { websocketChannel } from '@shared/rpc/websocket-channel';
import { ALWAYS_CONNECTED, type Connection } from './connection';
import { connectReconnecting } from './reconnecting-client';
import { sessionToken } from './session-token';

export type LiveManagerApi = ApiOf<AppContract>;

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser build until `connectApi` installs it. */
    livemanager?: LiveManagerApi;
  }
}

/** What the page talks to: the engine API and whether it is reachable right now. */
export interface ApiBridge {
  readonly api: LiveManagerApi;
  readonly connection: Connection;
}

const TOKEN_KEY = 'livemanager.webhost.token';

/**
 * The engine API for this page: the preload's in Electron, or a WebSocket to the web host in a
 * plain browser (reopened after the host goes away). Either way the page sees the same named methods.
 */
export async function connectApi(): Promise<ApiBridge> {
  // The preload's errors cross Electron's contextBridge as plain payloads: make them RpcErrors again.
  if (window.livemanager) return { api: reviveRpcErrors(contract, window.livemanager), connection: ALWAYS_CONNECTED };
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token') ?? sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new Error('Open the address printed by "npm run dev:web": it carries the access token.');
  sessionStorage.setItem(TOKEN_KEY, token);
  if (params.has('token')) {
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (rest ? `?${rest}` : '') + window.location.hash);
  }
  const address = `ws://${window.location.host}/rpc?token=${encodeURIComponent(token)}`;
  const client = await connectReconnecting(contract, {
    open: () => openSocket(address),
    peerName: 'the web host',
    // A shared engine's session belongs to the connection: present it again on the new one.
    onReopen: async (call) => {
      const token = sessionToken.get();
      if (token) await call('auth.useSession', { token }).catch(() => sessionToken.clear());
    },
  });
  window.livemanager = client.api;
  return client;
}

function openSocket(address: string): Promise<FrameChannel> {
  const socket = new WebSocket(address);
  return new Promise<FrameChannel>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(websocketChannel(socket)), { once: true });
    socket.addEventListener('error', () => reject(new Error('Could not reach the LiveManager web host.')), { once: true });
  });
}
