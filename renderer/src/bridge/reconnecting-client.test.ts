import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import { event, method } from '@shared/contract/define';
import { isRpcError } from '@shared/contract/errors';
import { serveChannel } from '@shared/rpc/channel-server';
import type { FrameChannel } from '@shared/rpc/protocol';
import { createRouter } from '@shared/rpc/router';
import { websocketChannel, type WebSocketLike } from '@shared/rpc/websocket-channel';
import type { ConnectionStatus } from './connection';
import { connectReconnecting } from './reconnecting-client';
import { waitFor } from '../../../tests/support/wait-for';

const contract = {
  methods: { 'test.echo': method({ summary: 'Echo.', input: z.object({ text: z.string() }), output: z.string() }) },
  events: { 'test.tick': event({ summary: 'A tick.', payload: z.object({ n: z.number() }) }) },
};

/** A real WebSocket server serving the tiny contract; `tick(n)` emits an event to every client. */
async function startServer(port = 0) {
  const emitters = new Set<(event: string, payload: unknown) => void>();
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const router = createRouter(contract, { 'test.echo': ({ text }) => `echo ${text}` });
  wss.on('connection', (ws) =>
    serveChannel(websocketChannel(ws as unknown as WebSocketLike), {
      router,
      context: {},
      events: { subscribe: (l) => (emitters.add(l), () => emitters.delete(l)) },
    }),
  );
  return {
    port: (wss.address() as { port: number }).port,
    tick: (n: number) => emitters.forEach((emit) => emit('test.tick', { n })),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

function open(port: number): Promise<FrameChannel> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/`);
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(websocketChannel(socket)), { once: true });
    socket.addEventListener('error', () => reject(new Error('unreachable')), { once: true });
  });
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the reconnecting client', () => {
  it('says the link is lost, fails calls at once, then reopens, re-attaches listeners and bumps the epoch', async () => {
    const first = await startServer();
    const port = first.port;
    const client = await connectReconnecting(contract, {
      open: () => open(port),
      peerName: 'the test host',
      retryDelaysMs: [50],
    });
    cleanups.push(() => client.close());
    const statuses: ConnectionStatus[] = [];
    client.connection.subscribe(() => statuses.push(client.connection.current()));
    const ticks: number[] = [];
    client.api.on('test.tick', ({ n }) => ticks.push(n));

    expect(await client.api.test.echo({ text: 'a' })).toBe('echo a');
    first.tick(1);
    await waitFor(() => ticks.length === 1, { what: 'the first tick' });

    await first.stop();
    await waitFor(() => client.connection.current().state === 'lost', { what: 'the loss' });
    const refused = await client.api.test.echo({ text: 'b' }).catch((error: unknown) => error);
    expect(isRpcError(refused) && refused.code).toBe('DISCONNECTED');
    expect(client.connection.current().epoch).toBe(0);

    const second = await startServer(port);
    cleanups.push(() => second.stop());
    await waitFor(() => client.connection.current().state === 'connected', { what: 'the reconnection' });
    expect(client.connection.current().epoch).toBe(1);
    expect(await client.api.test.echo({ text: 'c' })).toBe('echo c');
    // The listener added before the loss hears the new server.
    second.tick(2);
    await waitFor(() => ticks.length === 2, { what: 'the tick after reconnecting' });
    expect(ticks).toEqual([1, 2]);
    expect(statuses.map((s) => s.state)).toEqual(['lost', 'connected']);
  });

  it('runs onReopen on the new channel (a session presented again) before it says the link is back', async () => {
    const first = await startServer();
    const port = first.port;
    const order: string[] = [];
    const client = await connectReconnecting(contract, {
      open: () => open(port),
      peerName: 'the test host',
      retryDelaysMs: [50],
      onReopen: async (call) => {
        order.push(String(await call('test.echo', { text: 'session' })));
      },
    });
    cleanups.push(() => client.close());
    client.connection.subscribe(() => order.push(client.connection.current().state));
    await first.stop();
    await waitFor(() => client.connection.current().state === 'lost', { what: 'the loss' });
    const second = await startServer(port);
    cleanups.push(() => second.stop());
    await waitFor(() => client.connection.current().state === 'connected', { what: 'the reconnection' });
    expect(order).toEqual(['lost', 'echo session', 'connected']);
  });

  it('stops trying once closed: closing is not a loss', async () => {
    const server = await startServer();
    cleanups.push(() => server.stop());
    const client = await connectReconnecting(contract, { open: () => open(server.port), peerName: 'the test host' });
    const statuses: string[] = [];
    client.connection.subscribe(() => statuses.push(client.connection.current().state));
    // A loss is announced synchronously when the channel closes, before any retry is planned.
    client.close();
    expect(statuses).toEqual([]);
    const refused = await client.api.test.echo({ text: 'x' }).catch((error: unknown) => error);
    expect(isRpcError(refused) && refused.code).toBe('DISCONNECTED');
  });
});
