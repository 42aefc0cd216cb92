/**
 * URL credentials with real FFmpeg: stored as secrets and shown masked, they are put back only in
 * FFmpeg's arguments. An HTTP source that checks Basic credentials (or an Xtream path and a query
 * token) proves FFmpeg got the source credentials; nginx-rtmp accepts any userinfo, so the publish password is read from FFmpeg's own
 * command line (/proc) while every log, event and view shows the mask.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaFixture } from '../../support/media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../support/nginx-rtmp';
import { waitFor } from '../../support/wait-for';
import { ffmpegPidsWith, startRestreamEngine, type RestreamEngine } from '../../support/restream-engine';

const run = promisify(execFile);
const SOURCE_PASSWORD = `src-Pw-${process.pid}`;
const PUBLISH_PASSWORD = `pub-Pw-${process.pid}`;
const KEY = `creds-key-${process.pid}`;
const XTREAM_USER = `xuser-${process.pid}`;
const XTREAM_PASS = `xpass-${process.pid}`;
const TOKEN = `tok-${process.pid}-abcdef`;
const XTREAM_PATH = `/live/${XTREAM_USER}/${XTREAM_PASS}/1.ts?token=${TOKEN}`;

describe.skipIf(!nginxRtmpAvailable())('URL credentials reach FFmpeg, and only FFmpeg', () => {
  let peer: RtmpPeer;
  let engine: RestreamEngine;
  let source: Server;
  let sourceUrl = '';
  const authorizations: string[] = [];

  beforeAll(async () => {
    const clip = await mediaFixture('h264-aac-360p', 20);
    const ts = path.join(tmpdir(), `lm-creds-${process.pid}.ts`);
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', clip, '-c', 'copy', '-f', 'mpegts', ts]);
    const body = await readFile(ts);
    const expected = `Basic ${Buffer.from(`alice:${SOURCE_PASSWORD}`).toString('base64')}`;
    // An IPTV-like origin that wants HTTP Basic credentials, streaming at about twice real time.
    source = createServer((req: IncomingMessage, res) => {
      authorizations.push(req.headers.authorization ?? '');
      if (req.headers.authorization !== expected && req.url !== XTREAM_PATH)
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="iptv"' }).end();
      res.writeHead(200, { 'content-type': 'video/mp2t' });
      let offset = 0;
      const timer = setInterval(() => {
        if (offset >= body.length || res.destroyed) {
          clearInterval(timer);
          return void res.end();
        }
        res.write(body.subarray(offset, offset + 16 * 1024));
        offset += 16 * 1024;
      }, 100);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
    const address = source.address();
    sourceUrl = `http://alice:${SOURCE_PASSWORD}@127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/channel.ts`;
    peer = await startNginxRtmp({ keys: [KEY] });
    engine = await startRestreamEngine();
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    await peer?.close();
    source?.close();
  });

  it('reads a password-protected source and publishes with credentials, showing both passwords masked everywhere else', async () => {
    const live = await engine.createLive({
      title: 'Credentials',
      source: { kind: 'url', format: 'http-ts', url: sourceUrl },
      encoding: { mode: 'auto' },
      destinations: [
        {
          name: 'Ingest',
          kind: 'custom-rtmp',
          url: peer.ingestUrl.replace('rtmp://', `rtmp://bob:${PUBLISH_PASSWORD}@`),
          streamKey: KEY,
        },
      ],
    });
    expect(live.source).toMatchObject({ url: expect.stringContaining('••••:••••@127.0.0.1') });
    expect(live.destinations[0]?.url).toMatch(/^rtmp:\/\/••••:••••@127\.0\.0\.1:\d+\/live$/);
    await engine.start(live.id);
    // nginx receives the stream: the source was read with its password (the origin refuses anything else).
    await peer.waitForBytes(KEY, 100_000, 30_000);
    // FFmpeg asks without credentials first, then answers the 401 challenge with the stored password.
    const basic = `Basic ${Buffer.from(`alice:${SOURCE_PASSWORD}`).toString('base64')}`;
    expect(authorizations).toContain(basic);
    expect(authorizations.filter((a) => a !== '' && a !== basic)).toEqual([]);
    // FFmpeg itself was given both passwords (and only FFmpeg's argv holds them).
    const [pid] = await waitFor(async () => {
      const pids = await ffmpegPidsWith(KEY);
      return pids.length === 1 ? pids : undefined;
    });
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    expect(argv).toContain(sourceUrl);
    expect(argv).toContain(`${peer.ingestUrl.replace('rtmp://', `rtmp://bob:${PUBLISH_PASSWORD}@`)}/${KEY}`);
    const detail = await engine.runDetail(live.id);
    await engine.stop(live.id);
    const seen = JSON.stringify([detail, engine.events, await engine.get(live.id)]);
    expect(seen).not.toContain(SOURCE_PASSWORD);
    expect(seen).not.toContain(PUBLISH_PASSWORD);
    expect(seen).not.toContain('bob:');
    expect(seen).toContain('••••:••••@');
    await engine.call('lives.delete', { liveId: live.id });
  });

  it('reads an Xtream source whose path and query token are secrets, and nginx receives it while every view shows the mask', async () => {
    const origin = new URL(sourceUrl);
    const xtreamUrl = `http://127.0.0.1:${origin.port}${XTREAM_PATH}`;
    const live = await engine.createLive({
      title: 'Xtream credentials',
      source: { kind: 'url', format: 'http-ts', url: xtreamUrl },
      encoding: { mode: 'auto' },
      destinations: [{ name: 'Ingest', kind: 'custom-rtmp', url: peer.ingestUrl, streamKey: KEY }],
    });
    expect(live.source).toMatchObject({ url: `http://127.0.0.1:${origin.port}/live/••••/••••/1.ts?token=••••` });
    await engine.start(live.id);
    await peer.waitForBytes(KEY, 100_000, 30_000);
    const [pid] = await waitFor(async () => {
      const pids = await ffmpegPidsWith(KEY);
      return pids.length === 1 ? pids : undefined;
    });
    expect((await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0')).toContain(xtreamUrl);
    const detail = await engine.runDetail(live.id);
    await engine.stop(live.id);
    const seen = JSON.stringify([detail, engine.events, await engine.get(live.id)]);
    for (const secret of [XTREAM_USER, XTREAM_PASS, TOKEN]) expect(seen).not.toContain(secret);
  });
});
