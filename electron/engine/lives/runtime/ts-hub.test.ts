import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TsHub } from './ts-hub';

/** A writable that never drains: a stalled output. */
function stalled(): Writable {
  return new Writable({ highWaterMark: 1, write: () => undefined });
}

describe('TsHub', () => {
  it('gives every chunk to every output, and drops for a stalled one without slowing the others', () => {
    const hub = new TsHub(1000);
    const fast = new PassThrough();
    const received: Buffer[] = [];
    fast.on('data', (chunk: Buffer) => received.push(chunk));
    const slow = stalled();
    hub.attach('fast', fast);
    hub.attach('slow', slow);
    for (let i = 0; i < 20; i += 1) hub.write(Buffer.alloc(188, i));
    expect(Buffer.concat(received).length).toBe(20 * 188);
    // The stalled output holds at most the bound (+ one chunk); the rest was dropped.
    expect(slow.writableLength).toBeLessThanOrEqual(1000 + 188);
    expect(hub.droppedBytes('slow')).toBe(20 * 188 - slow.writableLength);
  });

  it('forgets an output whose input broke', () => {
    const hub = new TsHub();
    const out = new PassThrough();
    hub.attach('a', out);
    out.destroy(new Error('EPIPE'));
    expect(() => hub.write(Buffer.alloc(188))).not.toThrow();
  });
});
