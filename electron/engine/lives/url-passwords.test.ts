/**
 * Credentials inside source and destination URLs (user, password, query tokens, SRT passphrase and
 * streamid, Xtream path) are secrets like stream keys: in the SecretStore,
 * never in the database files, masked in every contract output and event, kept when a client
 * sends the mask back, and handed to the runtime only to build FFmpeg's arguments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import type { Live, LiveFieldsInput } from '@shared/contract/lives';
import { MemorySecretStore } from '../secrets/secret-store';
import { startLivesKit, type LivesKit } from '../../../tests/support/engine/lives-kit';
import { LiveStore } from './live-store';
import { revealUrlCredentials, urlSecretValues } from '@shared/format/url-credentials';

const SOURCE_PASSWORD = 'SrcPassw0rd-77';
const DEST_PASSWORD = 'DestPassw0rd-99';
const KEY = 'live_123456789_AbCdEfGhIjKlMnOp';
const SOURCE_USER = 'alice_viewer_31';
const DEST_USER = 'bob_pusher_47';
const CREDENTIALS = [SOURCE_USER, SOURCE_PASSWORD, DEST_USER, DEST_PASSWORD];
const SOURCE_URL = `http://${SOURCE_USER}:${SOURCE_PASSWORD}@iptv.example.com:8080/live/1.ts`;

const show: LiveFieldsInput = {
  title: 'IPTV relay',
  source: { kind: 'url', format: 'http-ts', url: SOURCE_URL },
  destinations: [
    {
      name: 'Mine',
      kind: 'custom-rtmp',
      url: `rtmp://${DEST_USER}:${DEST_PASSWORD}@ingest.example.com:1935/live`,
      streamKey: KEY,
    },
    { name: 'Preview', kind: 'hls-local' },
  ],
};

/** A secret store that shows what it holds. */
class VisibleSecretStore extends MemorySecretStore {
  readonly stored = new Map<string, string>();
  override async set(id: string, value: string): Promise<void> {
    await super.set(id, value);
    this.stored.set(id, value);
  }
  override async delete(id: string): Promise<void> {
    await super.delete(id);
    this.stored.delete(id);
  }
}

function sourceUrl(live: Live): string {
  return live.source.kind === 'url' ? live.source.url : '';
}

/** Every value the secret store holds, URL secrets opened into their parts. */
function storedValues(store: VisibleSecretStore): string[] {
  return [...store.stored.values()].flatMap(urlSecretValues).sort();
}

function databaseBytes(dataDir: string): Buffer {
  const files = readdirSync(dataDir).filter((f) => f.startsWith('livemanager.db'));
  return Buffer.concat(files.map((f) => readFileSync(path.join(dataDir, f))));
}

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('Expected the call to be refused.');
}

/** The destinations of a saved live as a client sends them back (URLs as shown, no key). */
function sentBack(live: Live): NonNullable<LiveFieldsInput['destinations']> {
  return live.destinations.map((d) => ({ id: d.id, name: d.name, kind: d.kind, url: d.url }));
}

let kit: LivesKit;
let secrets: VisibleSecretStore;
beforeEach(async () => {
  secrets = new VisibleSecretStore();
  kit = await startLivesKit({ secrets });
});
afterEach(() => kit.close());

describe('passwords in URLs are secrets', () => {
  it('keeps no URL password in the database files (main, WAL, SHM), and shows them masked in get, list and live.updated', async () => {
    const live = await kit.call('lives.create', show);
    expect(live.source).toEqual({ kind: 'url', format: 'http-ts', url: 'http://••••:••••@iptv.example.com:8080/live/1.ts' });
    expect(live.destinations[0]?.url).toBe('rtmp://••••:••••@ingest.example.com:1935/live');
    await kit.call('lives.update', {
      liveId: live.id,
      patch: { title: 'Renamed', source: live.source, destinations: sentBack(live) },
    });
    await kit.call('lives.start', { liveId: live.id });
    await kit.call('lives.stop', { liveId: live.id });
    // The passwords did reach the secret store…
    expect(storedValues(secrets)).toEqual([...CREDENTIALS, KEY].sort());
    // …and no byte of them is in the database, in any view or in any event.
    const bytes = databaseBytes(kit.dataDir);
    for (const credential of CREDENTIALS) expect(bytes.includes(Buffer.from(credential))).toBe(false);
    const outputs = JSON.stringify([
      await kit.call('lives.get', { liveId: live.id }),
      await kit.call('lives.list', undefined),
      kit.seen('live.updated'),
    ]);
    for (const credential of CREDENTIALS) expect(outputs).not.toContain(credential);
    expect(outputs).toContain('••••:••••@iptv.example.com');
    expect(outputs).toContain('••••:••••@ingest.example.com');
  });

  it('sending the masked URL back keeps the stored password; the runtime gets it back to build FFmpeg arguments', async () => {
    const live = await kit.call('lives.create', show);
    const updated = await kit.call('lives.update', {
      liveId: live.id,
      patch: { source: live.source, destinations: sentBack(live), title: 'Same passwords' },
    });
    expect(updated.source).toEqual(live.source);
    const passwords = await kit.runtime.host?.urlPasswords(live.id);
    expect(revealUrlCredentials(sourceUrl(updated), passwords?.source ?? '')).toBe(SOURCE_URL);
    expect([...(passwords?.destinations.values() ?? [])].flatMap(urlSecretValues)).toEqual([DEST_USER, DEST_PASSWORD]);
    // A path change keeps it too: the password belongs to the server and user, not the path.
    const moved = await kit.call('lives.update', {
      liveId: live.id,
      patch: { source: { kind: 'url', format: 'http-ts', url: 'http://••••:••••@iptv.example.com:8080/live/2.ts' } },
    });
    expect(moved.source).toMatchObject({ url: 'http://••••:••••@iptv.example.com:8080/live/2.ts' });
    const after = (await kit.runtime.host?.urlPasswords(live.id))?.source ?? '';
    expect(revealUrlCredentials(sourceUrl(moved), after)).toBe(SOURCE_URL.replace('1.ts', '2.ts'));
  });

  it('a new password replaces the old secret, which is deleted after the change commits; deleting the live deletes them all', async () => {
    const live = await kit.call('lives.create', show);
    await kit.call('lives.update', {
      liveId: live.id,
      patch: { source: { kind: 'url', format: 'http-ts', url: 'http://••••:N3wPassword-1@iptv.example.com:8080/live/1.ts' } },
    });
    // The masked user is kept from the old secret, the new password replaces the old one.
    expect(storedValues(secrets)).toEqual([SOURCE_USER, 'N3wPassword-1', DEST_USER, DEST_PASSWORD, KEY].sort());
    // Dropping the password (no userinfo) drops its secret.
    await kit.call('lives.update', {
      liveId: live.id,
      patch: { source: { kind: 'url', format: 'http-ts', url: 'http://iptv.example.com/1.ts' } },
    });
    expect(storedValues(secrets)).toEqual([DEST_USER, DEST_PASSWORD, KEY].sort());
    await kit.call('lives.delete', { liveId: live.id });
    expect(secrets.stored.size).toBe(0);
  });

  it('refuses the mask where no password is stored for that server and user (create, another host, another user)', async () => {
    const masked = await rejection(
      kit.call('lives.create', {
        ...show,
        source: { kind: 'url', format: 'hls', url: 'https://alice:••••@cdn.example.com/x.m3u8' },
      }),
    );
    expect(masked).toMatchObject({
      code: 'INVALID_PARAMS',
      issues: [{ path: ['source', 'url'], message: expect.stringMatching(/type the password/) }],
    });
    const live = await kit.call('lives.create', show);
    // Pointing the stored password at another server must not send it there.
    const elsewhere = sentBack(live).map((d) =>
      d.kind === 'custom-rtmp' ? { ...d, url: 'rtmp://••••:••••@attacker.example.net/live' } : d,
    );
    const error = await rejection(kit.call('lives.update', { liveId: live.id, patch: { destinations: elsewhere } }));
    expect(error).toMatchObject({ code: 'INVALID_PARAMS', issues: [{ path: ['patch', 'destinations', 0, 'url'] }] });
    const otherUser = await rejection(
      kit.call('lives.update', {
        liveId: live.id,
        patch: { source: { kind: 'url', format: 'http-ts', url: 'http://mallory:••••@iptv.example.com:8080/live/1.ts' } },
      }),
    );
    expect(otherUser.code).toBe('INVALID_PARAMS');
    const kept = (await kit.runtime.host?.urlPasswords(live.id))?.destinations.get(live.destinations[0]?.id ?? '') ?? '';
    expect(urlSecretValues(kept)).toEqual([DEST_USER, DEST_PASSWORD]);
    expect(secrets.stored.size).toBe(3); // nothing new stored, nothing lost
  });

  it('a lost password fails the start with a sentence, and a started run masks the passwords in its log', async () => {
    const live = await kit.call('lives.create', show);
    const run = await kit.call('lives.start', { liveId: live.id });
    kit.runtime.host?.journal.appendLog(run.currentRunId ?? '', [
      `[http @ 0x1] 401 for user ${SOURCE_USER}, password ${SOURCE_PASSWORD}`,
    ]);
    const detail = await kit.call('lives.getRun', { runId: run.currentRunId ?? '' });
    expect(detail.log.join('\n')).not.toContain(SOURCE_PASSWORD);
    expect(detail.log.join('\n')).not.toContain(SOURCE_USER);
    await kit.call('lives.stop', { liveId: live.id });
    for (const [id, value] of secrets.stored) if (value.includes(DEST_PASSWORD)) await secrets.delete(id);
    const error = await rejection(kit.call('lives.start', { liveId: live.id }));
    expect(error).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(/password in the URL of "Mine" is missing/),
    });
  });

  it('moves credentials an older engine stored in clear (or a user name it left beside a secret password) to the secret store at start', async () => {
    const live = await kit.call('lives.create', { ...show, source: { kind: 'testPattern' }, destinations: [] });
    // As engines before this change wrote it: the whole URL in the row, or (the previous engine)
    // the user in the row and the bare password in the secret store.
    const store = new LiveStore(kit.deps.db);
    const record = store.get(live.id);
    if (!record) throw new Error('live missing');
    await secrets.set('url-password/old/d1/1', DEST_PASSWORD);
    store.replace({
      ...record,
      source: {
        kind: 'url',
        format: 'http-ts',
        url: `http://${SOURCE_USER}:${SOURCE_PASSWORD}@iptv.example.com/1.ts?token=Tok3n-4567`,
      },
      destinations: [
        {
          id: 'd1',
          name: 'Old',
          enabled: true,
          kind: 'custom-rtmp',
          url: `rtmp://${DEST_USER}:••••@ingest.example.com/live`,
          keyRef: null,
          keyMasked: null,
          urlSecretRef: 'secret:url-password/old/d1/1',
        },
      ],
    });
    const again = await kit.reopen();
    try {
      const after = await again.call('lives.get', { liveId: live.id });
      expect(after.source).toMatchObject({ url: 'http://••••:••••@iptv.example.com/1.ts?token=••••' });
      expect(after.destinations[0]?.url).toBe('rtmp://••••:••••@ingest.example.com/live');
      // The old bare-password secret was replaced by one holding both parts, then deleted.
      expect(storedValues(secrets)).toEqual([...CREDENTIALS, 'Tok3n-4567'].sort());
      const bytes = databaseBytes(again.dataDir);
      for (const credential of [...CREDENTIALS, 'Tok3n-4567']) expect(bytes.includes(Buffer.from(credential))).toBe(false);
      const passwords = await again.runtime.host?.urlPasswords(live.id);
      expect(revealUrlCredentials(sourceUrl(after), passwords?.source ?? '')).toBe(
        `http://${SOURCE_USER}:${SOURCE_PASSWORD}@iptv.example.com/1.ts?token=Tok3n-4567`,
      );
      expect(revealUrlCredentials(after.destinations[0]?.url ?? '', passwords?.destinations.get('d1') ?? '')).toBe(
        `rtmp://${DEST_USER}:${DEST_PASSWORD}@ingest.example.com/live`,
      );
    } finally {
      again.close();
    }
  });
});

describe('every credential part of a URL is a secret: SRT passphrase and streamid, query tokens, Xtream path', () => {
  const PASSPHRASE = 'Srt-Passphrase-0042';
  const STREAM_ID = 'publish:live/Str3amId-77';
  const TOKEN = 'QueryTok3n-5150';
  const XTREAM_USER = 'xtream_user_88';
  const XTREAM_PASS = 'XtreamPass-2112';
  const SECRETS = [PASSPHRASE, STREAM_ID, TOKEN, XTREAM_USER, XTREAM_PASS];
  const srtUrl = `srt://ingest.example.com:9000?mode=caller&latency=200&passphrase=${PASSPHRASE}&streamid=${STREAM_ID}`;

  it('stores none of them in the database files, masks them in get, list, live.updated and the run log, and gives them back to FFmpeg only', async () => {
    const live = await kit.call('lives.create', {
      title: 'Tokens',
      source: { kind: 'url', format: 'srt', url: srtUrl },
      destinations: [
        { name: 'Tokened', kind: 'custom-rtmp', url: `rtmp://ingest.example.com/live?token=${TOKEN}&app=x`, streamKey: KEY },
      ],
    });
    expect(sourceUrl(live)).toBe('srt://ingest.example.com:9000?mode=caller&latency=200&passphrase=••••&streamid=••••');
    expect(live.destinations[0]?.url).toBe('rtmp://ingest.example.com/live?token=••••&app=x');
    // Sent back masked with another path: kept (same server).
    const xtream = `http://xtream.example.com:8080/live/${XTREAM_USER}/${XTREAM_PASS}/1234.ts`;
    const updated = await kit.call('lives.update', {
      liveId: live.id,
      patch: { destinations: sentBack(live), source: { kind: 'url', format: 'http-ts', url: xtream } },
    });
    expect(sourceUrl(updated)).toBe('http://xtream.example.com:8080/live/••••/••••/1234.ts');
    const run = await kit.call('lives.start', { liveId: live.id });
    kit.runtime.host?.journal.appendLog(run.currentRunId ?? '', [`Opening '${xtream}' and rtmp://x/live?token=${TOKEN}`]);
    const log = (await kit.call('lives.getRun', { runId: run.currentRunId ?? '' })).log.join('\n');
    await kit.call('lives.stop', { liveId: live.id });
    const bytes = databaseBytes(kit.dataDir);
    const outputs = JSON.stringify([
      await kit.call('lives.get', { liveId: live.id }),
      await kit.call('lives.list', undefined),
      kit.seen('live.updated'),
      log,
    ]);
    for (const secret of [...SECRETS]) {
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
      expect(outputs, secret).not.toContain(secret);
    }
    const passwords = await kit.runtime.host?.urlPasswords(live.id);
    expect(revealUrlCredentials(sourceUrl(updated), passwords?.source ?? '')).toBe(xtream);
    expect(
      revealUrlCredentials(updated.destinations[0]?.url ?? '', passwords?.destinations.get(live.destinations[0]?.id ?? '') ?? ''),
    ).toBe(`rtmp://ingest.example.com/live?token=${TOKEN}&app=x`);
    // The SRT secret was dropped with its URL.
    expect(storedValues(secrets)).toEqual([KEY, TOKEN, XTREAM_USER, XTREAM_PASS].sort());
  });

  it('keeps a masked token when another part is typed again, and refuses a masked part that was never stored', async () => {
    const live = await kit.call('lives.create', {
      title: 'SRT',
      source: { kind: 'url', format: 'srt', url: srtUrl },
      destinations: [],
    });
    const changed = await kit.call('lives.update', {
      liveId: live.id,
      patch: {
        source: {
          kind: 'url',
          format: 'srt',
          url: 'srt://ingest.example.com:9000?mode=caller&latency=200&passphrase=••••&streamid=other-id-123',
        },
      },
    });
    const secret = (await kit.runtime.host?.urlPasswords(live.id))?.source ?? '';
    expect(revealUrlCredentials(sourceUrl(changed), secret)).toBe(
      `srt://ingest.example.com:9000?mode=caller&latency=200&passphrase=${PASSPHRASE}&streamid=other-id-123`,
    );
    const error = await rejection(
      kit.call('lives.update', {
        liveId: live.id,
        patch: {
          source: { kind: 'url', format: 'srt', url: 'srt://ingest.example.com:9000?mode=caller&passphrase=••••&token=••••' },
        },
      }),
    );
    expect(error).toMatchObject({ code: 'INVALID_PARAMS', message: expect.stringMatching(/no value is stored/) });
  });
});
