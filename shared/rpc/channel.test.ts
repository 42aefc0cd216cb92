import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { event, method } from '../contract/define';
import type { RpcError } from '../contract/errors';
import { createChannelClient } from './channel-client';
import { serveChannel, type EventSource } from './channel-server';
import type { FrameChannel } from './protocol';
import { createRouter } from './router';

// Client and server over an in-memory pair of channels: the protocol rules that do not
// depend on any byte transport (the real transports have their own suite).
const contract = {
  methods: {
    'lives.echo': method({ summary: 'Echo.', input: z.object({ text: z.string() }), output: z.object({ text: z.string() }) }),
  },
  events: { 'lives.updated': event({ summary: 'A live changed.', payload: z.object({ id: z.string() }) }) },
};

interface MemoryEnd extends FrameChannel {
  closeFromPeer(reason: string): void;
}

/** Two connected ends; frames are delivered on a later tick, as on a real transport. */
function memoryPair(): [MemoryEnd, MemoryEnd] {
  const make = () => {
    const frames: ((f: string) => void)[] = [];
    const closes: ((r: string) => void)[] = [];
    let closed = false;
    let peer: { deliver(f: string): void; closeFromPeer(r: string): void } | undefined;
    const end: MemoryEnd & { deliver(f: string): void; link(p: typeof peer): void } = {
      send(frame) {
        if (closed) throw new Error('closed');
        setTimeout(() => peer?.deliver(frame), 0);
      },
      onFrame: (l) => void frames.push(l),
      onOversized: () => undefined,
      onClose: (l) => void closes.push(l),
      close() {
        end.closeFromPeer('closed locally');
        peer?.closeFromPeer('the other side closed');
      },
      destroy: (reason) => end.closeFromPeer(reason),
      queuedBytes: () => 0,
      onDrain: () => undefined,
      pauseReading: () => undefined,
      resumeReading: () => undefined,
      closeFromPeer(reason) {
        if (closed) return;
        closed = true;
        for (const l of closes) l(reason);
      },
      deliver: (f) => {
        if (!closed) for (const l of frames) l(f);
      },
      link: (p) => void (peer = p),
    };
    return end;
  };
  const a = make();
  const b = make();
  a.link(b);
  b.link(a);
  return [a, b];
}

function setup(
  options: {
    canReceive?: () => boolean;
    updateContext?: () => object;
    onListenerError?: (event: string, error: unknown) => void;
  } = {},
) {
  const [clientEnd, serverEnd] = memoryPair();
  const emitters = new Set<(event: string, payload: unknown) => void>();
  const events: EventSource = {
    subscribe(l) {
      emitters.add(l);
      return () => emitters.delete(l);
    },
  };
  const emit = (event: string, payload: unknown): void => {
    for (const l of emitters) l(event, payload);
  };
  const router = createRouter(contract, { 'lives.echo': ({ text }) => ({ text }) });
  const serveOptions = {
    router,
    events,
    context: {},
    ...(options.canReceive ? { canReceive: options.canReceive } : {}),
    ...(options.updateContext ? { updateContext: options.updateContext } : {}),
  };
  serveChannel(serverEnd, serveOptions);
  const protocolErrors: RpcError[] = [];
  const client = createChannelClient(contract, clientEnd, {
    peerName: 'the agent',
    onProtocolError: (e) => protocolErrors.push(e),
    ...(options.onListenerError ? { onListenerError: options.onListenerError } : {}),
  });
  return { client, clientEnd, serverEnd, emit, protocolErrors };
}

describe('channel client and server', () => {
  it('keeps delivering to the other listeners when one throws, and reports it', async () => {
    const onListenerError = vi.fn();
    const { client, emit } = setup({ onListenerError });
    const seen: string[] = [];
    client.api.on('lives.updated', () => {
      throw new Error('listener bug');
    });
    client.api.on('lives.updated', ({ id }) => seen.push(id));
    emit('lives.updated', { id: 'a' });
    emit('lives.updated', { id: 'b' });
    expect(await client.api.lives.echo({ text: 'x' })).toEqual({ text: 'x' });
    expect(seen).toEqual(['a', 'b']);
    expect(onListenerError).toHaveBeenCalledTimes(2);
    expect(onListenerError).toHaveBeenCalledWith('lives.updated', expect.objectContaining({ message: 'listener bug' }));
  });

  it('withholds an event when the filter throws, without throwing into the emitter', async () => {
    const { client, emit } = setup({
      canReceive: () => {
        throw new Error('filter bug');
      },
    });
    const seen = vi.fn();
    client.api.on('lives.updated', seen);
    expect(() => emit('lives.updated', { id: 'a' })).not.toThrow();
    await client.api.lives.echo({ text: 'sync' });
    expect(seen).not.toHaveBeenCalled();
  });

  it('does not throw into the emitter when the connection is gone but not yet reported closed', () => {
    const { serverEnd, emit } = setup();
    serverEnd.send = () => {
      throw new Error('socket is not open');
    };
    expect(() => emit('lives.updated', { id: 'a' })).not.toThrow();
  });

  it('reports junk from the peer as MALFORMED_FRAME and ignores undeclared events', async () => {
    const { client, serverEnd, protocolErrors } = setup();
    const seen = vi.fn();
    client.api.on('lives.updated', seen);
    serverEnd.send('not json');
    serverEnd.send(JSON.stringify({ t: 'res', id: 'x', ok: true }));
    serverEnd.send(JSON.stringify({ t: 'evt', event: 'lives.updated', payload: { id: 42 } }));
    serverEnd.send(JSON.stringify({ t: 'evt', event: 'lives.secret', payload: {} }));
    serverEnd.send(JSON.stringify({ t: 'evt', event: '__proto__', payload: {} }));
    await client.api.lives.echo({ text: 'sync' });
    expect(protocolErrors.map((e) => e.code)).toEqual(['MALFORMED_FRAME', 'MALFORMED_FRAME', 'MALFORMED_FRAME']);
    expect(protocolErrors[2]?.message).toContain('"lives.updated"');
    expect(seen).not.toHaveBeenCalled();
  });

  it('rejects a call whose frame cannot be sent with DISCONNECTED, naming the peer', async () => {
    const { client, clientEnd } = setup();
    clientEnd.send = () => {
      throw new Error('EPIPE');
    };
    await expect(client.api.lives.echo({ text: 'x' })).rejects.toMatchObject({
      code: 'DISCONNECTED',
      message: expect.stringContaining('the agent'),
    });
    expect(client.pending()).toBe(0);
  });

  it('answers INTERNAL, and keeps serving, when updateContext throws', async () => {
    let calls = 0;
    const { client } = setup({
      updateContext: () => {
        if (calls++ === 0) throw new Error('session store down');
        return {};
      },
    });
    await expect(client.api.lives.echo({ text: 'x' })).rejects.toMatchObject({ code: 'INTERNAL', method: 'lives.echo' });
    expect(await client.api.lives.echo({ text: 'y' })).toEqual({ text: 'y' });
  });

  it('rejects pending calls when closed locally', async () => {
    const { client } = setup();
    const call = client.api.lives.echo({ text: 'x' });
    client.close();
    await expect(call).rejects.toMatchObject({ code: 'DISCONNECTED' });
    expect(client.closed()).toBe(true);
  });
});
