import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '@shared/contract';
import type { Live } from '@shared/contract/lives';
import { createChannelClient } from '@shared/rpc/channel-client';
import { websocketChannel, type WebSocketLike } from '@shared/rpc/websocket-channel';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../support/nginx-rtmp';
import { openWebSocket } from '../support/rpc-peers';
import { REPO_ROOT, WEBHOST_JS } from '../support/webhost';

const STACK_FRAME = /^\s+at /m;
const KEY = 'web-key-5e7a11';
const RUNNING = /^LiveManager is running: open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+) \(Ctrl\+C to stop\)$/m;

/** A home with no keychain reachable (no D-Bus session): the web host must use its encrypted file. */
function envFor(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8' };
  return env;
}

interface Started {
  url: string;
  stderr: string;
  stop(): Promise<number | null>;
}

/** The built web host as `npm run dev:web` runs it; resolves with its announced address. */
function startWebHost(args: string[], env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [WEBHOST_JS, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const url = RUNNING.exec(stdout)?.[1];
      if (url) {
        resolve({
          url,
          get stderr() {
            return stderr;
          },
          stop: async () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`web host exited (${code}): ${stdout}${stderr}`)));
  });
}

/** Run the web host to its end (usage errors, refusals). */
function runWebHost(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WEBHOST_JS, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function clientOf(url: string) {
  const parsed = new URL(url);
  const socket = await openWebSocket(`ws://${parsed.host}/rpc?token=${parsed.searchParams.get('token') ?? ''}`);
  return createChannelClient(contract, websocketChannel(socket as unknown as WebSocketLike), { timeoutMs: 30_000 });
}

describe('npm run dev:web (the web host CLI)', { timeout: 180_000 }, () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'lm-web-home-'));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('prints its usage for --help, and the usage line for wrong options (exit 2), never a stack trace', async () => {
    const help = await runWebHost(['--help'], envFor(home));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: npm run dev:web -- \[--port N\] \[--data-dir DIR\] \[--secrets auto\|keychain\|file\] \[--mode single-owner\|shared\] \[--max-lives-per-owner N\] \[--overload warn\|queue\]\n/,
    );
    for (const [args, reason] of [
      [['--bogus'], "Unknown option '--bogus'."],
      [['--port', 'http'], '--port takes a port number from 0 to 65535, not "http".'],
      [['--port', '70000'], '--port takes a port number from 0 to 65535, not "70000".'],
      [['--secrets', 'cloud'], '--secrets is auto, keychain or file, not "cloud".'],
      [['--mode', 'team'], '--mode is single-owner or shared, not "team".'],
    ] as const) {
      const result = await runWebHost([...args], envFor(home));
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toBe(
        `webhost: ${reason}\nUsage: npm run dev:web -- [--port N] [--data-dir DIR] [--secrets auto|keychain|file] [--mode single-owner|shared] [--max-lives-per-owner N] [--overload warn|queue]\n`,
      );
    }
  });

  it('says which port is busy and what to do', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', () => resolve()));
    const port = (squatter.address() as AddressInfo).port;
    try {
      const dataDir = path.join(home, 'busy-port');
      const result = await runWebHost(['--port', String(port), '--data-dir', dataDir], envFor(home));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `webhost: port ${port} on 127.0.0.1 is already in use (another LiveManager web host?): stop that program, ` +
          `or choose another port: npm run dev:web -- --port ${port + 1} (0 picks a free one).`,
      );
      expect(result.stderr).not.toMatch(STACK_FRAME);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  describe.skipIf(!nginxRtmpAvailable())('remembers lives and stream keys between starts', () => {
    let peer: RtmpPeer;
    beforeAll(async () => {
      peer = await startNginxRtmp({ keys: [KEY] });
    });
    afterAll(() => peer?.close());

    it('keeps them in the per-user data folder, keys in an encrypted file (system.info says so)', async () => {
      const env = envFor(home);
      const dataDir = path.join(home, '.local/share/livemanager-web');
      const first = await startWebHost(['--port', '0'], env);
      expect(first.stderr).toContain(`Lives are kept in ${dataDir}; stream keys in an encrypted file in the data folder.`);
      let live: Live;
      {
        const client = await clientOf(first.url);
        expect((await client.api.system.info()).secretStorage).toBe('encrypted-file');
        live = await client.api.lives.create({
          title: 'Kept',
          source: { kind: 'testPattern' },
          loop: { kind: 'once' },
          destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: KEY }],
        });
        client.close();
      }
      // A second start on the same folder is refused while the first runs.
      const twice = await runWebHost(['--port', '0'], env);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toMatch(
        /^webhost: another LiveManager \(pid \d+\) is already using .*livemanager-web: open the address it printed/,
      );
      expect(await first.stop()).toBe(0);

      const second = await startWebHost(['--port', '0'], env);
      try {
        const client = await clientOf(second.url);
        expect((await client.api.lives.list()).items.map((l) => l.id)).toEqual([live.id]);
        await client.api.lives.start({ liveId: live.id });
        // nginx takes only the right key: it came back from the encrypted file.
        await peer.waitForBytes(KEY, 10_000, 60_000);
        await client.api.lives.stop({ liveId: live.id });
        client.close();
      } finally {
        expect(await second.stop()).toBe(0);
      }
    });
  });
});
