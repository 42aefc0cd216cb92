import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineContract } from '@shared/contract';
import type { Live } from '@shared/contract/lives';
import type { ChannelClient } from '@shared/rpc/channel-client';
import { connectAsOwner } from '../../electron/agent/agent-connection';
import { absoluteLayout } from '../../electron/main/targets/ssh/agent-layout';
import { detectPlatform } from '../../electron/main/targets/ssh/install/remote-platform';
import { restartAgent } from '../../electron/main/targets/ssh/install/service-control';
import type { SshTarget } from '../../electron/main/targets/ssh/ssh-target';
import type { Resynced } from '../../electron/main/targets/ssh/ssh-target-connection';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../support/nginx-rtmp';
import { waitFor } from '../support/wait-for';
import { sshdAvailable, type SshdPeer } from '../support/sshd';
import { startTcpProxy } from '../support/tcp-proxy';
import { ADMIN, reconnectsAfter, sshTargetFor, startVpsWithNode, waitForState } from '../support/vps';

const KEY = 'vps-key-5e1d0c';

// Lives on a VPS driven from the app over a real SSH connection: they reach nginx-rtmp from the
// agent, survive the app's connection being cut, and the app catches up on what it missed.
describe.skipIf(!sshdAvailable() || !nginxRtmpAvailable())('lives on a VPS over SSH', { timeout: 240_000 }, () => {
  let sshd: SshdPeer;
  let peer: RtmpPeer;
  let app: SshTarget;
  let owner: ChannelClient<EngineContract>;
  const closing: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    [sshd, peer] = await Promise.all([startVpsWithNode(), startNginxRtmp({ keys: [KEY] })]);
    app = await sshTargetFor(sshd);
    await app.install();
    await waitForState(app, 'signInRequired');
    await app.register(ADMIN);
    owner = await ownerClient();
  }, 180_000);
  afterAll(async () => {
    owner?.close();
    for (const close of closing.reverse()) await close().catch(() => undefined);
    await app?.close();
    await sshd?.close();
    await peer?.close();
  });

  // A failed test must not leave its live publishing on KEY for the next one (nginx takes one publisher per key).
  afterEach(async () => {
    const cli = await ownerClient();
    const running = await cli.api.lives.list({ state: ['queued', 'starting', 'live', 'reconnecting'] });
    for (const live of running.items) await cli.api.lives.stop({ liveId: live.id }).catch(() => undefined);
    await waitFor(async () => (await cli.api.lives.list({ state: ['stopping'] })).items.length === 0, { what: 'lives to stop' });
  });

  /** Another client of the same agent, as the CLI on the VPS is (opened again after a serve restart). */
  async function ownerClient(): Promise<ChannelClient<EngineContract>> {
    if (!owner || owner.closed()) owner = await connectAsOwner(path.join(sshd.home, '.livemanager-agent'));
    return owner;
  }

  const bytesOf = async (key: string) => (await peer.streams()).find((s) => s.name === key)?.bytesIn ?? 0;

  async function onAir(target: SshTarget, title: string): Promise<Live> {
    const live = await target.client.api.lives.create({
      title,
      source: { kind: 'testPattern' },
      loop: { kind: 'once' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: KEY }],
    });
    await target.client.api.lives.start({ liveId: live.id });
    await peer.waitForBytes(KEY, 50_000, 90_000);
    return live;
  }

  it('keeps the live publishing when the SSH connection is cut, reconnects, resyncs, and replays nothing', async () => {
    const live = await onAir(app, 'Round the clock');
    const spare = await app.client.api.lives.create({ title: 'Spare', source: { kind: 'testPattern' } });
    const seen: Live[] = [];
    const deleted: string[] = [];
    app.client.api.on('live.updated', (l: Live) => seen.push(l));
    app.client.api.on('live.deleted', (d: { liveId: string }) => deleted.push(d.liveId));
    const resyncs: Resynced[] = [];
    app.onResynced((r) => resyncs.push(r));

    // 1. The connection is cut: the agent is not told, the live goes on, the app comes back.
    const before = await bytesOf(KEY);
    const cutAt = Date.now();
    expect(sshd.cutConnections()).toBeGreaterThan(0);
    await waitFor(async () => (await bytesOf(KEY)) > before + 200_000, {
      timeoutMs: 60_000,
      what: 'nginx to keep receiving the live after the cut',
    });
    await waitForState(app, 'connected');
    await waitFor(() => resyncs.length > 0, { what: 'a resync after the reconnect' });
    expect(resyncs[0]!.droppedAt).toBeGreaterThanOrEqual(cutAt);
    expect(resyncs[0]!.at - cutAt).toBeLessThan(10_000);
    expect(seen.filter((l) => l.id === live.id).at(-1)).toMatchObject({ state: 'live' });

    // 2. What changed while the app was away reaches it when it is back: a rename, a deletion.
    await sshd.pause();
    await waitFor(() => app.state().kind === 'unreachable', { what: 'the app to notice the VPS is gone' });
    seen.length = 0;
    await owner.api.lives.update({ liveId: live.id, patch: { title: 'Renamed while away' } });
    await owner.api.lives.delete({ liveId: spare.id });
    await sshd.resume();
    await app.connect(); // retry now rather than at the end of the backoff
    await waitForState(app, 'connected');
    await waitFor(() => seen.some((l) => l.id === live.id && l.title === 'Renamed while away'), {
      what: () => `the rename to be resynced (${JSON.stringify(seen.map((l) => l.title))})`,
    });
    expect(deleted).toEqual([spare.id]);

    // 3. A call in flight when the link dies fails with DISCONNECTED and is never replayed: the
    // stop below is stuck in an sshd that no longer reads, then the connection dies.
    const [connection] = sshd.connectionPids();
    process.kill(connection!, 'SIGSTOP');
    let stop: Promise<unknown> = Promise.resolve();
    await reconnectsAfter(app, () => {
      stop = app.client.api.lives.stop({ liveId: live.id }).then(
        () => null,
        (error: unknown) => error,
      );
      process.kill(connection!, 'SIGKILL');
    });
    expect(await stop).toMatchObject({ code: 'DISCONNECTED', message: expect.stringContaining('before it answered lives.stop') });
    expect((await app.client.api.lives.get({ liveId: live.id })).state).toBe('live');
    expect((await owner.api.lives.listRuns({ liveId: live.id })).items).toHaveLength(1);

    await app.client.api.lives.stop({ liveId: live.id });
  });

  it('notices through its keepalives a link that went silent, while the live keeps publishing, and comes back', async () => {
    const proxy = await startTcpProxy(sshd.port);
    closing.push(() => proxy.close());
    const roaming = await sshTargetFor(sshd, {
      id: 'vps-roaming',
      label: 'vps-roaming',
      port: proxy.port,
      keepaliveIntervalMs: 500,
      keepaliveCountMax: 2,
      readyTimeoutMs: 5000,
    });
    closing.push(() => roaming.close());
    await roaming.connect();
    await roaming.signIn(ADMIN);
    const live = await onAir(roaming, 'On a flaky link');

    try {
      // Nothing is closed: no FIN, no RST. Only the keepalives going unanswered tell.
      proxy.freeze();
      const frozenAt = Date.now();
      const lost = await waitFor(() => (roaming.state().kind === 'connected' ? null : roaming.state()), {
        timeoutMs: 15_000,
        intervalMs: 20,
        what: 'the keepalives to declare the link dead',
      });
      expect(Date.now() - frozenAt).toBeLessThan(10_000);
      expect(lost).toMatchObject({ kind: 'connecting', reason: expect.stringContaining('no answer to keepalives') });
      const before = await bytesOf(KEY);
      await waitFor(async () => (await bytesOf(KEY)) > before + 100_000, { timeoutMs: 60_000, what: 'the live to go on' });

      proxy.thaw();
      await waitForState(roaming, 'connected');
      expect((await roaming.client.api.lives.get({ liveId: live.id })).state).toBe('live');
    } finally {
      proxy.thaw();
      await (await ownerClient()).api.lives.stop({ liveId: live.id }).catch(() => undefined);
    }
  });

  it('shows two apps connected at once the same events', async () => {
    const colleague = await sshTargetFor(sshd, { id: 'vps-colleague', label: 'vps-colleague' });
    closing.push(() => colleague.close());
    expect(await colleague.connect()).toMatchObject({ kind: 'signInRequired' });
    await colleague.signIn(ADMIN);
    expect(colleague.state()).toEqual({ kind: 'connected' });

    const mine: string[] = [];
    const theirs: string[] = [];
    app.client.api.on('live.updated', (l: Live) => l.title === 'Seen by both' && mine.push(l.state));
    colleague.client.api.on('live.updated', (l: Live) => l.title === 'Seen by both' && theirs.push(l.state));
    const live = await app.client.api.lives.create({
      title: 'Seen by both',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: KEY }],
    });
    await colleague.client.api.lives.start({ liveId: live.id });
    await waitFor(() => mine.includes('live') && theirs.includes('live'), {
      timeoutMs: 90_000,
      what: () => `both apps to see the live on air (${mine.join(' → ')} | ${theirs.join(' → ')})`,
    });
    await app.client.api.lives.stop({ liveId: live.id });
    await waitFor(() => mine.includes('ended') && theirs.includes('ended'), { timeoutMs: 60_000, what: 'both to see it end' });
    expect(mine[0]).toBe('draft');
    expect(theirs).toEqual(mine);
  });

  it('survives a serve restart: the app reconnects with its kept session, the stream key is still there, the live restarts', async () => {
    const live = await onAir(app, 'After the restart');
    const attempts = peer.publishAttempts(KEY);
    await reconnectsAfter(app, async () => {
      const session = await app.connection.openSession();
      try {
        const platform = await detectPlatform(session);
        await restartAgent(session, platform, absoluteLayout(app.connection.layout, platform.home));
      } finally {
        session.close();
      }
    });
    expect((await app.client.api.lives.get({ liveId: live.id })).state).toBe('interrupted');
    await app.client.api.lives.start({ liveId: live.id });
    await waitFor(() => peer.publishAttempts(KEY) > attempts, {
      timeoutMs: 60_000,
      what: 'nginx to be asked with the key again',
    });
    const before = await bytesOf(KEY);
    await waitFor(async () => (await bytesOf(KEY)) > before + 100_000, { timeoutMs: 60_000, what: 'the live to publish again' });
    await app.client.api.lives.stop({ liveId: live.id });
  });
});
