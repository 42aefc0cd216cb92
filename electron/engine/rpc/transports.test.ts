import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppContract } from '@shared/contract';
import type { RpcError } from '@shared/contract/errors';
import { attach, startServe } from '../../../tests/support/agent-process';
import { waitFor } from '../../../tests/support/wait-for';
import {
  LEAKY_SECRET,
  agentAttachTransport,
  unixSocketTransport,
  webHostTransport,
  type PeerConnection,
  type TestContract,
} from '../../../tests/support/rpc-peers';

// One suite, two transports: what holds over NDJSON must hold over the WebSocket too.
const LIMIT = 64 * 1024;
// Small enough that a flood passes them in a moment, large enough for every other test here.
const FLOW = { maxQueuedBytes: 1024 * 1024, pauseAboveBytes: 256 * 1024, maxInFlight: 64, stallTimeoutMs: 10_000 };
const transports = [unixSocketTransport(LIMIT, FLOW), webHostTransport(LIMIT, FLOW)];

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    return error as RpcError;
  }
  throw new Error('expected the call to reject');
}

/** Resolves with the first frame the client receives that matches. */
function nextFrame(
  conn: PeerConnection<TestContract>,
  match: (frame: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    conn.channel.onFrame((text) => {
      const frame = JSON.parse(text) as Record<string, unknown>;
      if (match(frame)) resolve(frame);
    });
  });
}

describe.each(transports)('$name', (transport) => {
  const line = (text: string): string => (transport.kind === 'ndjson' ? `${text}\n` : text);
  let conn: PeerConnection<TestContract>;
  afterEach(async () => {
    await conn?.close();
  });

  it('answers calls with results and typed errors, including the real system.info', async () => {
    conn = await transport.connect();
    const { api } = conn.client;
    expect(await api.test.echo({ text: 'Morning show' })).toEqual({ text: 'Morning show' });

    const internal = await rejection(api.test.fail());
    expect(internal).toMatchObject({ code: 'INTERNAL', method: 'test.fail' });
    expect(JSON.stringify({ ...internal, message: internal.message })).not.toContain(LEAKY_SECRET);

    expect(await rejection(api.test.refuse())).toMatchObject({ code: 'CONFLICT', message: 'That live is already running.' });
    expect(await rejection(conn.client.call('test.nope', {}))).toMatchObject({ code: 'UNKNOWN_METHOD' });
    const invalid = await rejection(conn.client.call('test.echo', { text: 42 }));
    expect(invalid.code).toBe('INVALID_PARAMS');
    expect(invalid.issues).toEqual([expect.objectContaining({ path: ['text'], message: expect.any(String) })]);

    const info = await api.system.info();
    expect(info.appVersion).toBe('0.0.0-test');
    expect(info.ffmpeg).toMatchObject({ found: true, version: expect.stringMatching(/^\d+\.\d+/) });
  });

  it('answers 50 concurrent calls correctly when they complete out of order', async () => {
    conn = await transport.connect();
    const completed: string[] = [];
    const calls = Array.from({ length: 50 }, (_, i) =>
      // The first sent is the slowest: answers come back in (roughly) reverse order.
      conn.client.api.test.slow({ ms: (50 - i) * 10, tag: `call-${i}` }).then((answer) => {
        completed.push(answer.tag);
        return answer;
      }),
    );
    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.tag)).toEqual(Array.from({ length: 50 }, (_, i) => `call-${i}`));
    expect(completed).not.toEqual(answers.map((a) => a.tag));
    expect(completed.indexOf('call-49')).toBeLessThan(completed.indexOf('call-0'));
    expect(conn.client.pending()).toBe(0);
  });

  it('delivers events in order, before the answer of the call that caused them, and unsubscribe works', async () => {
    conn = await transport.connect();
    const { api } = conn.client;
    const first: number[] = [];
    const second: number[] = [];
    const offFirst = api.on('test.tick', ({ n }) => first.push(n));
    api.on('test.tick', ({ n }) => second.push(n));

    await api.test.emit({ count: 300 });
    const expected = Array.from({ length: 300 }, (_, n) => n);
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);

    offFirst();
    await api.test.emit({ count: 20 });
    expect(second).toHaveLength(320);
    expect(first).toHaveLength(300);
  });

  it('times a call out with TIMEOUT and ignores its late answer', async () => {
    conn = await transport.connect();
    const lateAnswer = nextFrame(conn, (f) => f.t === 'res' && (f.result as { tag?: string } | undefined)?.tag === 'late');

    const timedOut = await rejection(conn.client.call('test.slow', { ms: 500, tag: 'late' }, { timeoutMs: 50 }));
    expect(timedOut).toMatchObject({ code: 'TIMEOUT', method: 'test.slow' });
    expect(timedOut.message).toMatch(/^the test peer did not answer test\.slow within [\d.]+ s\.$/);
    expect(conn.client.pending()).toBe(0);

    // A call started after the timeout must get its own answer, not the late one.
    const next = conn.client.api.test.slow({ ms: 1_000, tag: 'next' });
    await lateAnswer;
    await expect(next).resolves.toEqual({ tag: 'next' });
    expect(conn.protocolErrors).toEqual([]);
  });

  it('rejects every pending call with DISCONNECTED when the peer vanishes, and later calls at once', async () => {
    conn = await transport.connect();
    const backend = conn.backend!;
    const pending = Array.from({ length: 5 }, (_, i) => rejection(conn.client.api.test.slow({ ms: 10_000, tag: `p${i}` })));
    await waitFor(() => backend.slowRunning() === 5, { what: 'five slow calls running on the server' });

    await conn.killPeer();
    const errors = await Promise.all(pending);
    for (const error of errors) {
      expect(error.code).toBe('DISCONNECTED');
      expect(error.message).toMatch(/^Lost the connection to the test peer before it answered test\.slow \(.+\)\.$/);
    }
    expect(conn.client.pending()).toBe(0);
    expect(conn.client.closed()).toBe(true);

    const started = Date.now();
    const later = await rejection(conn.client.api.test.echo({ text: 'still there?' }));
    expect(later.code).toBe('DISCONNECTED');
    expect(later.message).toMatch(/Not connected to the test peer/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('answers malformed frames with MALFORMED_FRAME and keeps answering good calls', async () => {
    conn = await transport.connect();
    const bad = [
      'not json',
      '{"t":"nope"}',
      '[1,2,3]',
      'null',
      '{"t":"req","id":7,"method":42}',
      '{"t":"req","id":-1,"method":"test.echo"}',
      '['.repeat(20_000) + ']'.repeat(20_000),
    ];
    for (const text of bad) conn.sendRaw(line(text));
    if (transport.kind === 'ndjson') {
      // A partial line closed by a newline is one malformed frame, not a hang.
      conn.sendRaw('{"t":"req","id":8,"meth');
      conn.sendRaw('\n');
    } else {
      conn.sendRaw('{"t":"req","id":8,"meth');
    }
    const expectedErrors = bad.length + 1;
    await waitFor(() => conn.protocolErrors.length >= expectedErrors, { what: `${expectedErrors} protocol errors` });
    expect(conn.protocolErrors.map((e) => e.code)).toEqual(Array(expectedErrors).fill('MALFORMED_FRAME'));
    expect(await conn.client.api.test.echo({ text: 'after garbage' })).toEqual({ text: 'after garbage' });
    expect(conn.protocolErrors).toHaveLength(expectedErrors);
  });

  it.runIf(transport.kind === 'ndjson')(
    'reassembles a request split across writes, ending in CRLF, and skips blank lines',
    async () => {
      conn = await transport.connect();
      const answer = nextFrame(conn, (f) => f.id === 9001);
      conn.sendRaw('\n\r\n{"t":"req","id":9001,');
      conn.sendRaw('"method":"test.echo","params":{"text":"é');
      conn.sendRaw('"}}\r\n');
      expect(await answer).toEqual({ t: 'res', id: 9001, ok: true, result: { text: 'é' } });
      expect(conn.protocolErrors).toEqual([]);
    },
  );

  it('refuses an oversized frame with FRAME_TOO_LARGE and keeps the connection', async () => {
    conn = await transport.connect();
    const neverAnswered: unknown[] = [];
    conn.channel.onFrame((text) => {
      if ((JSON.parse(text) as { id?: unknown }).id === 9002) neverAnswered.push(text);
    });
    const head = '{"t":"req","id":9002,"method":"test.echo","params":{"text":"';
    if (transport.kind === 'ndjson') {
      // Sent in small chunks and never closed until the refusal arrived: the receiver must
      // refuse once the limit is passed, not after buffering the whole line.
      conn.sendRaw(head);
      const chunk = 'x'.repeat(4096);
      for (let sent = 0; sent <= LIMIT; sent += chunk.length) conn.sendRaw(chunk);
      await waitFor(() => conn.protocolErrors.length === 1, { what: 'FRAME_TOO_LARGE before the end of the line' });
      for (let sent = 0; sent < LIMIT * 8; sent += chunk.length) conn.sendRaw(chunk);
      conn.sendRaw('"}}\n');
    } else {
      conn.sendRaw(head + 'x'.repeat(LIMIT) + '"}}');
      await waitFor(() => conn.protocolErrors.length === 1, { what: 'FRAME_TOO_LARGE' });
    }
    expect(conn.protocolErrors[0]).toMatchObject({ code: 'FRAME_TOO_LARGE' });
    expect(await conn.client.api.test.echo({ text: 'after the big one' })).toEqual({ text: 'after the big one' });
    expect(conn.protocolErrors).toHaveLength(1);
    expect(neverAnswered).toEqual([]);
  });

  it('counts the limit in UTF-8 bytes, not characters', async () => {
    conn = await transport.connect();
    // 0.6 × LIMIT characters, 1.2 × LIMIT bytes.
    conn.sendRaw(line(`{"t":"req","id":9003,"method":"test.echo","params":{"text":"${'é'.repeat(Math.floor(LIMIT * 0.6))}"}}`));
    await waitFor(() => conn.protocolErrors.length === 1, { what: 'FRAME_TOO_LARGE' });
    expect(conn.protocolErrors[0]).toMatchObject({ code: 'FRAME_TOO_LARGE' });
    expect(await conn.client.api.test.echo({ text: 'ok' })).toEqual({ text: 'ok' });
  });

  it('stops reading, then cuts, a client that floods requests and never reads; other clients keep working', async () => {
    conn = await transport.connect();
    const other = await conn.another!();
    const backend = conn.backend!;
    conn.stopReading!();
    // 4,000 answers of 32 KiB: 128 MiB if the server answered them all into its memory.
    const requests = 4_000;
    for (let i = 0; i < requests; i++) {
      conn.sendRaw(line(JSON.stringify({ t: 'req', id: 20_000 + i, method: 'test.big', params: { bytes: 32 * 1024 } })));
    }
    // Cut at once when the answers in flight pass the cap, or once nothing was read for the stall
    // period when the OS buffers took enough of them to stay under it (a TCP loopback takes megabytes).
    await waitFor(() => conn.serverLog!.length > 0, { what: 'the server cutting the flooding connection', timeoutMs: 30_000 });
    expect(conn.serverLog![0]).toMatch(
      /^RPC connection from .+ closed: its client (is not reading \(more than 1 MiB queued for it\)|has read nothing for 10 s)/,
    );
    // It stopped taking requests long before the end of the flood, so the work done is bounded too.
    expect(backend.bigCalls()).toBeLessThan(requests / 2);
    expect(await other.client.api.test.echo({ text: 'still served' })).toEqual({ text: 'still served' });
    await other.close();
  });

  it('refuses to send oversized params, and turns an oversized answer into FRAME_TOO_LARGE for that call', async () => {
    conn = await transport.connect();
    const tooBig = await rejection(conn.client.api.test.echo({ text: 'x'.repeat(LIMIT) }));
    expect(tooBig).toMatchObject({ code: 'FRAME_TOO_LARGE', method: 'test.echo' });
    expect(conn.client.pending()).toBe(0);

    const bigAnswer = await rejection(conn.client.api.test.big({ bytes: LIMIT * 2 }));
    expect(bigAnswer).toMatchObject({ code: 'FRAME_TOO_LARGE', method: 'test.big' });
    expect(await conn.client.api.test.big({ bytes: 1000 })).toHaveLength(1000);
    expect(conn.protocolErrors).toEqual([]);
  });
});

// Generous deadlines: the agent is a whole engine starting on two cores shared with other suites.
describe('NDJSON through the built agent (node out/main/agent.js attach, to a running serve)', { timeout: 90_000 }, () => {
  const agentJs = path.resolve(import.meta.dirname, '../../../out/main/agent.js');
  const transport = agentAttachTransport(agentJs);
  let conn: PeerConnection<AppContract> | undefined;
  afterEach(async () => {
    await conn?.close();
    conn = undefined;
  });

  it('is built (npm test runs electron-vite build first)', () => {
    expect(existsSync(agentJs), `${agentJs} is missing: run npx electron-vite build`).toBe(true);
  });

  // A shared-mode agent answers only public methods before sign-in: auth.status is one, and
  // system.info is refused with a typed UNAUTHENTICATED (the real router and policy answering).
  it('answers concurrent calls and survives malformed and oversized frames', async () => {
    conn = await transport.connect();
    const c = conn;
    const statuses = await Promise.all(Array.from({ length: 20 }, () => c.client.api.auth.status()));
    for (const status of statuses) expect(status).toMatchObject({ mode: 'shared', authenticated: false });
    expect(await rejection(c.client.api.system.info())).toMatchObject({ code: 'UNAUTHENTICATED', method: 'system.info' });

    c.sendRaw('garbage\n');
    c.sendRaw('{"t":"req","id":3,"me');
    c.sendRaw('\n');
    const chunk = 'y'.repeat(16 * 1024);
    for (let sent = 0; sent <= transport.maxFrameBytes; sent += chunk.length) c.sendRaw(chunk);
    await waitFor(() => c.protocolErrors.length === 3, {
      what: 'two MALFORMED_FRAME and one FRAME_TOO_LARGE',
      timeoutMs: 60_000,
    });
    c.sendRaw('\n');
    expect(c.protocolErrors.map((e) => e.code)).toEqual(['MALFORMED_FRAME', 'MALFORMED_FRAME', 'FRAME_TOO_LARGE']);
    expect(await c.client.api.auth.status()).toMatchObject({ mode: 'shared' });
  });

  it('attach exits cleanly when its input ends (the SSH channel closing), and serve keeps answering', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lm-agent-eof-'));
    const serve = await startServe(agentJs, dataDir);
    try {
      const first = attach(agentJs, dataDir);
      expect(await first.client.api.auth.status()).toMatchObject({ mode: 'shared' });
      expect(await first.close()).toBe(0);
      const second = attach(agentJs, dataDir);
      expect(await second.client.api.auth.status()).toMatchObject({ mode: 'shared' });
      await second.close();
      expect(serve.child.exitCode).toBeNull();
    } finally {
      expect(await serve.stop()).toBe(0);
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('rejects the pending call with DISCONNECTED when the agent process is killed, and later calls at once', async () => {
    conn = await transport.connect();
    await conn.client.api.auth.status();
    // Frozen before the call is written, so it cannot answer it even if this process is slow
    // to send the kill (the agent runs on the other core).
    conn.freezePeer?.();
    const pending = rejection(conn.client.api.auth.status());
    await conn.killPeer();
    const error = await pending;
    expect(error.code).toBe('DISCONNECTED');
    expect(error.message).toMatch(/^Lost the connection to the test peer before it answered auth\.status/);
    const later = await rejection(conn.client.api.auth.status());
    expect(later.code).toBe('DISCONNECTED');
  });
});
