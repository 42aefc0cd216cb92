import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { event, method } from '../contract/define';
import { serveChannel, type EventSource, type FlowLimits } from './channel-server';
import type { FrameChannel } from './protocol';
import { createRouter } from './router';

// The server's flow control over a channel whose queue the test fills and empties by hand, so
// each rule (pause, resume, cut) is seen at the exact byte where it applies.
const contract = {
  methods: {
    'test.echo': method({ summary: 'Echo.', input: z.object({ text: z.string() }), output: z.object({ text: z.string() }) }),
    'test.wait': method({ summary: 'Answer when released.', input: z.object({}), output: z.null() }),
  },
  events: { 'test.tick': event({ summary: 'Tick.', payload: z.object({ n: z.number() }) }) },
};

function scriptedChannel() {
  const frameListeners: ((f: string) => void)[] = [];
  const drainListeners: (() => void)[] = [];
  const closeListeners: ((r: string) => void)[] = [];
  const state = { queued: 0, paused: false, destroyed: null as string | null, sent: [] as string[] };
  const channel: FrameChannel = {
    send(frame) {
      state.sent.push(frame);
      state.queued += frame.length;
    },
    onFrame: (l) => void frameListeners.push(l),
    onOversized: () => undefined,
    onClose: (l) => void closeListeners.push(l),
    close: () => undefined,
    destroy(reason) {
      state.destroyed = reason;
      for (const l of closeListeners) l(reason);
    },
    queuedBytes: () => state.queued,
    onDrain: (l) => void drainListeners.push(l),
    pauseReading: () => void (state.paused = true),
    resumeReading: () => void (state.paused = false),
  };
  return {
    channel,
    state,
    request: (id: number, method: string, params: unknown) =>
      frameListeners.forEach((l) => l(JSON.stringify({ t: 'req', id, method, params }))),
    drain() {
      state.queued = 0;
      for (const l of drainListeners) l();
    },
  };
}

function serve(limits: Partial<FlowLimits>) {
  const script = scriptedChannel();
  const releases: (() => void)[] = [];
  const router = createRouter(contract, {
    'test.echo': ({ text }) => ({ text }),
    'test.wait': () => new Promise<null>((resolve) => releases.push(() => resolve(null))),
  });
  const emitters = new Set<(event: string, payload: unknown) => void>();
  const events: EventSource = {
    subscribe(l) {
      emitters.add(l);
      return () => emitters.delete(l);
    },
  };
  const log: string[] = [];
  serveChannel(script.channel, {
    router,
    events,
    context: {},
    limits,
    peerLabel: 'test peer',
    log: (m) => log.push(m),
  });
  const emit = (n: number) => emitters.forEach((l) => l('test.tick', { n }));
  return { ...script, releases, emit, emitters, log };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('serveChannel flow control', () => {
  it('stops reading once the unread output passes pauseAboveBytes, and reads again when it drains', async () => {
    const s = serve({ pauseAboveBytes: 250, maxQueuedBytes: 10_000 });
    s.request(1, 'test.echo', { text: 'x'.repeat(300) });
    await settle();
    expect(s.state.paused).toBe(true);
    expect(s.state.sent).toHaveLength(1);
    s.drain();
    expect(s.state.paused).toBe(false);
    expect(s.log).toEqual([]);
  });

  it('stops reading while maxInFlight calls run, and reads again as they finish', async () => {
    const s = serve({ maxInFlight: 2 });
    s.request(1, 'test.wait', {});
    expect(s.state.paused).toBe(false);
    s.request(2, 'test.wait', {});
    expect(s.state.paused).toBe(true);
    await settle();
    s.releases[0]!();
    await settle();
    expect(s.state.paused).toBe(false);
  });

  it('takes the next request only once the answer of a finished one is out', async () => {
    const s = serve({ maxInFlight: 1 });
    s.request(1, 'test.wait', {});
    expect(s.state.paused).toBe(true);
    s.releases[0]!();
    await settle();
    expect(s.state.sent.map((f) => (JSON.parse(f) as { id: number }).id)).toEqual([1]);
    expect(s.state.paused).toBe(false);
  });

  it('cuts the connection past maxQueuedBytes, says why in the log, and stops sending events', async () => {
    const s = serve({ pauseAboveBytes: 100, maxQueuedBytes: 1_000 });
    for (let n = 0; s.state.destroyed === null && n < 1_000; n++) s.emit(n);
    expect(s.state.destroyed).toMatch(/^its client is not reading \(more than 1 KiB queued for it\)/);
    expect(s.log).toEqual([expect.stringMatching(/^RPC connection from test peer closed: its client is not reading/)]);
    expect(s.emitters.size).toBe(0);
    const sent = s.state.sent.length;
    s.emit(9_999);
    expect(s.state.sent).toHaveLength(sent);
  });

  it('cuts a backlogged connection whose client reads nothing for stallTimeoutMs, not a slow reader', () => {
    vi.useFakeTimers();
    const s = serve({ pauseAboveBytes: 100, maxQueuedBytes: 100_000, stallTimeoutMs: 5_000 });
    for (let n = 0; n < 6; n++) s.emit(n);
    expect(s.state.paused).toBe(true);
    // A slow reader: a little of the queue goes out in each period, while more events arrive.
    for (let period = 0; period < 4; period++) {
      s.state.queued -= 20;
      s.emit(100 + period);
      vi.advanceTimersByTime(5_000);
      expect(s.state.destroyed).toBeNull();
    }
    // Then nothing is read for a whole period.
    vi.advanceTimersByTime(5_000);
    expect(s.state.destroyed).toMatch(/^its client has read nothing for 5 s/);
    expect(s.log).toHaveLength(1);
  });

  it('forgets a stall once the client has caught up', () => {
    vi.useFakeTimers();
    const s = serve({ pauseAboveBytes: 100, maxQueuedBytes: 100_000, stallTimeoutMs: 5_000 });
    for (let n = 0; n < 6; n++) s.emit(n);
    vi.advanceTimersByTime(4_000);
    s.drain();
    expect(s.state.paused).toBe(false);
    vi.advanceTimersByTime(20_000);
    expect(s.state.destroyed).toBeNull();
  });
});
