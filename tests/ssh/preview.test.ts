import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Live } from '@shared/contract/lives';
import type { SshTarget } from '../../electron/main/targets/ssh/ssh-target';
import { listeningTcp } from '../support/agent-process';
import { waitFor } from '../support/wait-for';
import { sshdAvailable, type SshdPeer } from '../support/sshd';
import { ADMIN, reconnectsAfter, sshTargetFor, startVpsWithNode, waitForState } from '../support/vps';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';

/** A page on its own loopback origin that plays `?src=` with hls.js, as the app's preview does. */
async function playerPage(): Promise<{ server: Server; url: string }> {
  const hls = await readFile(path.join(ROOT, 'node_modules/hls.js/dist/hls.min.js'));
  const html = `<!doctype html><video id="v" muted autoplay playsinline></video><script src="/hls.js"></script>
<script>
  const src = new URLSearchParams(location.search).get('src');
  const hls = new Hls({ liveSyncDurationCount: 2 });
  hls.on(Hls.Events.ERROR, (_e, data) => { if (data.fatal) document.title = 'error: ' + data.details; });
  hls.loadSource(src);
  hls.attachMedia(document.getElementById('v'));
</script>`;
  const server = createServer((req, res) => {
    if (req.url === '/hls.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(hls);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` };
}

// The agent's HLS preview listens on the VPS's loopback only; the app brings it home through the
// SSH connection (forwardOut) behind a local loopback proxy, and the preview plays in Chromium.
describe.skipIf(!sshdAvailable())('previewing a VPS live through the SSH tunnel', { timeout: 240_000 }, () => {
  let sshd: SshdPeer;
  let app: SshTarget;
  let live: Live;
  beforeAll(async () => {
    sshd = await startVpsWithNode();
    app = await sshTargetFor(sshd);
    await app.install();
    await waitForState(app, 'signInRequired');
    await app.register(ADMIN);
    live = await app.client.api.lives.create({
      title: 'Preview me',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    await app.client.api.lives.start({ liveId: live.id });
  }, 180_000);
  afterAll(async () => {
    await app?.client.api.lives.stop({ liveId: live.id }).catch(() => undefined);
    await app?.close();
    await sshd?.close();
  });

  async function playlist(url: string): Promise<string> {
    const response = await fetch(url);
    return response.ok ? response.text() : '';
  }

  it('serves the playlist and its segments on a local loopback port, and keeps that address across a reconnect', async () => {
    const preview = await waitFor(
      async () => {
        const answer = await app.previewUrl(live.id);
        return answer.available && /#EXTINF/.test(await playlist(answer.url)) ? answer : null;
      },
      { timeoutMs: 90_000, what: 'the preview playlist through the tunnel' },
    );
    const base = await app.previewBaseUrl();
    expect(preview.url).toBe(`${base}/hls/${live.id}/index.m3u8`);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/vps\/vps-test$/);
    // The agent's own preview server is not reachable from here any other way: only loopback on the VPS.
    const lock = Number(await readFile(path.join(sshd.home, '.livemanager-agent/engine.lock'), 'utf8'));
    for (const listener of await listeningTcp(lock)) expect(listener.address).toBe('127.0.0.1');

    const text = await playlist(preview.url);
    const segment = text.split('\n').find((line) => line && !line.startsWith('#'));
    const media = await fetch(new URL(segment!, preview.url));
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('video/mp2t');
    expect((await media.arrayBuffer()).byteLength).toBeGreaterThan(10_000);

    // The registry's target rewrites the agent's URL the same way.
    const viaTarget = await app.asTarget().call('lives.previewUrl', { liveId: live.id });
    expect(viaTarget).toEqual({ ok: true, value: { url: preview.url, available: true } });

    await reconnectsAfter(app, () => sshd.cutConnections());
    expect(await playlist(preview.url)).toMatch(/#EXTINF/);

    // Read-only, and only for targets it serves.
    expect((await fetch(preview.url, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await fetch(preview.url.replace('/vps/vps-test/', '/vps/vps-other/'))).status).toBe(404);
  });

  it('plays in Chromium with hls.js through the tunnel', async () => {
    const { url: src } = await app.previewUrl(live.id);
    const page = await playerPage();
    const profile = await mkdtemp(path.join(os.tmpdir(), 'lm-chromium-tunnel-'));
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
      });
      const tab = await context.newPage();
      await tab.goto(`${page.url}?src=${encodeURIComponent(src)}`);
      const clock = () =>
        tab.evaluate(
          () =>
            (
              globalThis as unknown as { document: { getElementById(id: string): { currentTime: number } } }
            ).document.getElementById('v').currentTime,
        );
      await waitFor(async () => (await clock()) > 1, { timeoutMs: 60_000, what: 'the video to play' }).catch(
        async (error: Error) => {
          throw new Error(`${error.message} (page title: ${await tab.title()})`);
        },
      );
      const first = await clock();
      await waitFor(async () => (await clock()) > first + 1, { timeoutMs: 30_000, what: 'the video to keep playing' });
      expect(await tab.title()).not.toMatch(/^error/);
    } finally {
      await context?.close();
      page.server.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
