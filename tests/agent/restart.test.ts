import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Live } from '@shared/contract/lives';
import { agentBundle, attach, createAdminAccount, runAgent, startServe, type AttachedClient } from '../support/agent-process';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../support/nginx-rtmp';
import { waitFor } from '../support/wait-for';
import { startTestSmtp, type TestSmtpServer } from '../support/smtp';

const ADMIN = { email: 'boss@example.com', password: 'a long admin password' };
const STREAM_KEY = 'restart-key-8c1f2e';
const SMTP = { user: 'relay-user', pass: 'relay-password-7d3a' };

// A reboot, as the agent sees it: serve stops (SIGTERM, as systemd does at shutdown) and a new
// serve starts on the same folder. What the team set up must still be there, secrets included.
describe.skipIf(!nginxRtmpAvailable())('livemanager-agent across a serve restart', { timeout: 240_000 }, () => {
  let agentJs: string;
  let peer: RtmpPeer;
  let smtp: TestSmtpServer;
  let dataDir: string;
  beforeAll(async () => {
    [agentJs, peer, smtp] = await Promise.all([
      agentBundle(),
      startNginxRtmp({ keys: [STREAM_KEY] }),
      startTestSmtp({ auth: SMTP }),
    ]);
    dataDir = await mkdtemp(path.join(tmpdir(), 'lm-ag-'));
  });
  afterAll(async () => {
    await peer?.close();
    await smtp?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function signedIn(): Promise<AttachedClient> {
    const client = attach(agentJs, dataDir);
    await client.client.api.auth.login(ADMIN);
    return client;
  }

  it('keeps stream keys and the SMTP password (encrypted, out of the database) and fires a scheduled live after the restart', async () => {
    await createAdminAccount(agentJs, dataDir, ADMIN.email, ADMIN.password);
    const first = await startServe(agentJs, dataDir);
    let live: Live;
    let dueAt: number;
    {
      const { client, close } = await signedIn();
      await client.api.notifications.setSmtp({
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        user: SMTP.user,
        password: SMTP.pass,
        from: 'LiveManager <agent@example.com>',
      });
      // Due after the restart below: the new serve must re-arm it.
      dueAt = Date.now() + 20_000;
      live = await client.api.lives.create({
        title: 'Morning show',
        source: { kind: 'testPattern' },
        loop: { kind: 'once' },
        start: { kind: 'once', at: new Date(dueAt).toISOString().replace(/\.\d+Z$/, 'Z'), timeZone: 'UTC' },
        destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: STREAM_KEY }],
      });
      expect(live.state).toBe('scheduled');
      await close();
    }
    expect(await first.stop()).toBe(0);

    // Nothing secret in the database files (or anywhere in the folder but the encrypted store).
    for (const name of await readdir(dataDir)) {
      const bytes = await readFile(path.join(dataDir, name)).catch(() => Buffer.alloc(0));
      for (const secret of [STREAM_KEY, SMTP.pass])
        expect(bytes.includes(Buffer.from(secret)), `${secret} in ${name}`).toBe(false);
    }

    const second = await startServe(agentJs, dataDir);
    try {
      const { client, close } = await signedIn();
      const states: string[] = [];
      client.api.on('live.updated', (l: Live) => {
        if (l.id === live.id) states.push(l.state);
      });
      expect((await client.api.lives.get({ liveId: live.id })).state).toBe('scheduled');
      // The key is read back from the encrypted file: nginx accepts only that key.
      const stat = await peer.waitForBytes(STREAM_KEY, 50_000, 90_000);
      expect(Date.now()).toBeGreaterThanOrEqual(dueAt - 1_000);
      expect(stat.publishing).toBe(true);
      await waitFor(() => states.includes('live'), { timeoutMs: 30_000, what: () => `the live on air (${states.join(' → ')})` });

      // The SMTP password too: the relay only takes mail from whoever knows it.
      const sent = await client.api.notifications.sendTestEmail({ to: 'ops@example.com' });
      expect(sent.accepted).toEqual(['ops@example.com']);
      expect(smtp.logins).toContainEqual({ user: SMTP.user, ok: true });
      expect(smtp.logins.filter((l) => !l.ok)).toEqual([]);

      const status = await runAgent(agentJs, ['status', '--json', '--data-dir', dataDir]);
      expect(JSON.parse(status.stdout)).toMatchObject({
        running: true,
        secretStorage: 'encrypted-file',
        lives: { total: 1, byState: { live: 1 } },
      });
      await client.api.lives.stop({ liveId: live.id });
      await close();
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
