import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Live, LiveState } from '@shared/contract/lives';
import type { RpcError } from '@shared/contract/errors';
import { connectAsOwner } from '../../electron/agent/agent-connection';
import {
  agentBundle,
  attach,
  createAdminAccount,
  listeningTcp,
  runAgent,
  sshEnv,
  startServe,
  type ServeProcess,
} from '../support/agent-process';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../support/nginx-rtmp';
import { waitFor } from '../support/wait-for';

const ADMIN = { email: 'boss@example.com', password: 'a long admin password' };
const KEY = 'agent-key-0001';

let agentJs: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  agentJs = await agentBundle();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function tempDir(): Promise<string> {
  // Short path: a Unix socket path is limited to 107 bytes.
  const dir = await mkdtemp(path.join(tmpdir(), 'lm-ag-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function serving(dataDir: string): Promise<ServeProcess> {
  const serve = await startServe(agentJs, dataDir);
  cleanups.push(() => serve.stop());
  return serve;
}

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    return error as RpcError;
  }
  throw new Error('expected the call to reject');
}

describe('livemanager-agent serve + attach', { timeout: 120_000 }, () => {
  it('takes RPC only on a 0600 socket in a 0700 folder: no public TCP port', async () => {
    const dataDir = await tempDir();
    const serve = await serving(dataDir);
    expect((await stat(path.join(dataDir, 'agent.sock'))).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dataDir, 'secrets.key'))).mode & 0o777).toBe(0o600);
    // The HLS preview listener is the only TCP one, and it is loopback.
    for (const listener of await listeningTcp(serve.child.pid ?? 0)) expect(listener.address).toBe('127.0.0.1');
  });

  it('refuses a connection that does not start with a hello, saying how to connect', async () => {
    const dataDir = await tempDir();
    await serving(dataDir);
    const socket = createConnection(path.join(dataDir, 'agent.sock'));
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write('{"t":"req","id":1,"method":"auth.status"}\n');
    await closed;
    expect(JSON.parse(received)).toMatchObject({
      t: 'err',
      id: null,
      error: {
        code: 'MALFORMED_FRAME',
        message: expect.stringMatching(/expected a hello line first .*`livemanager-agent attach`/),
      },
    });
  });

  it('attach says clearly that no serve is running, and exits non-zero with nothing on stdout', async () => {
    const dataDir = await tempDir();
    const result = await runAgent(agentJs, ['attach', '--data-dir', dataDir], {
      input: '{"t":"req","id":1,"method":"auth.status"}\n',
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `attach: No LiveManager agent is running on ${dataDir} (no socket at ${path.join(dataDir, 'agent.sock')}). ` +
        'Start it with `systemctl --user start livemanager-agent` (or `sudo systemctl start livemanager-agent` for a system service), ' +
        'or run `livemanager-agent serve`.\n',
    );
  });

  it('rate-limits logins by the SSH peer that attach passes on, not by connection', async () => {
    const dataDir = await tempDir();
    await createAdminAccount(agentJs, dataDir, ADMIN.email, ADMIN.password);
    await serving(dataDir);
    const guesser = attach(agentJs, dataDir, sshEnv('203.0.113.7'));
    cleanups.push(() => guesser.close());
    for (let i = 0; i < 20; i++) {
      const error = await rejection(
        guesser.client.api.auth.login({ email: `guess${i}@example.com`, password: 'wrong password' }),
      );
      expect(error.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await rejection(guesser.client.api.auth.login(ADMIN));
    expect(blocked).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^Too many attempts/) });
    // A new connection from the same address is still that peer…
    const again = attach(agentJs, dataDir, sshEnv('203.0.113.7'));
    cleanups.push(() => again.close());
    expect((await rejection(again.client.api.auth.login(ADMIN))).code).toBe('UNAVAILABLE');
    // …while another address signs in.
    const colleague = attach(agentJs, dataDir, sshEnv('198.51.100.9'));
    cleanups.push(() => colleague.close());
    await expect(colleague.client.api.auth.login(ADMIN)).resolves.toMatchObject({ user: { email: ADMIN.email } });
  });
});

describe.skipIf(!nginxRtmpAvailable())('livemanager-agent: clients come and go, the live stays', { timeout: 180_000 }, () => {
  let peer: RtmpPeer;
  beforeAll(async () => {
    peer = await startNginxRtmp({ keys: [KEY] });
  });
  afterAll(async () => {
    await peer?.close();
  });

  it('serves several clients at once with the same events; clients leaving (even killed) never stop the live', async () => {
    const dataDir = await tempDir();
    await createAdminAccount(agentJs, dataDir, ADMIN.email, ADMIN.password);
    const serve = await serving(dataDir);
    const first = attach(agentJs, dataDir, sshEnv('203.0.113.20'));
    const second = attach(agentJs, dataDir, sshEnv('203.0.113.21'));
    cleanups.push(
      () => first.close(),
      () => second.close(),
    );
    await first.client.api.auth.login(ADMIN);
    await second.client.api.auth.login(ADMIN);
    const owner = await connectAsOwner(dataDir);
    cleanups.push(() => Promise.resolve(owner.close()));

    const seen = { first: [] as LiveState[], second: [] as LiveState[], cli: [] as LiveState[] };
    first.client.api.on('live.updated', (l: Live) => seen.first.push(l.state));
    second.client.api.on('live.updated', (l: Live) => seen.second.push(l.state));
    owner.api.on('live.updated', (l: Live) => seen.cli.push(l.state));

    const live = await first.client.api.lives.create({
      title: 'Round the clock',
      source: { kind: 'testPattern' },
      loop: { kind: 'once' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: KEY }],
    });
    await second.client.api.lives.start({ liveId: live.id });
    await waitFor(() => [seen.first, seen.second, seen.cli].every((s) => s.includes('live')), {
      timeoutMs: 60_000,
      what: () => `every client to see the live on air (${JSON.stringify(seen)})`,
    });
    expect(seen.second).toEqual(seen.first);
    expect(seen.cli).toEqual(seen.first);
    // The preview server is loopback-only; nothing listens on a public address.
    for (const listener of await listeningTcp(serve.child.pid ?? 0)) expect(listener.address).toBe('127.0.0.1');

    // One client vanishes (its SSH connection cut), the other two close properly.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await second.close()).toBe(0);
    owner.close();
    const before = (await peer.waitForBytes(KEY)).bytesIn;
    await waitFor(async () => ((await peer.streams()).find((s) => s.name === KEY)?.bytesIn ?? 0) > before + 200_000, {
      timeoutMs: 60_000,
      what: 'nginx to keep receiving the live with no client connected',
    });

    const listed = await runAgent(agentJs, ['live', 'list', '--json', '--data-dir', dataDir]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: live.id, state: 'live' })]);
    const stopped = await runAgent(agentJs, ['live', 'stop', live.id, '--data-dir', dataDir]);
    expect(stopped).toMatchObject({ code: 0, stdout: `"Round the clock" (${live.id}) is ended.\n` });
    expect(await serve.stop()).toBe(0);
  });
});
