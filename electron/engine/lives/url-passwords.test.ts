/**
 * Passwords inside source and destination URLs are secrets like stream keys: in the SecretStore,
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

const SOURCE_PASSWORD = 'SrcPassw0rd-77';
const DEST_PASSWORD = 'DestPassw0rd-99';
const KEY = 'live_123456789_AbCdEfGhIjKlMnOp';
const PASSWORDS = [SOURCE_PASSWORD, DEST_PASSWORD];

const show: LiveFieldsInput = {
  title: 'IPTV relay',
  source: { kind: 'url', format: 'http-ts', url: `http://alice:${SOURCE_PASSWORD}@iptv.example.com:8080/live/1.ts` },
  destinations: [
    { name: 'Mine', kind: 'custom-rtmp', url: `rtmp://bob:${DEST_PASSWORD}@ingest.example.com:1935/live`, streamKey: KEY },
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
    expect(live.source).toEqual({ kind: 'url', format: 'http-ts', url: 'http://alice:••••@iptv.example.com:8080/live/1.ts' });
    expect(live.destinations[0]?.url).toBe('rtmp://bob:••••@ingest.example.com:1935/live');
    await kit.call('lives.update', {
      liveId: live.id,
      patch: { title: 'Renamed', source: live.source, destinations: sentBack(live) },
    });
    await kit.call('lives.start', { liveId: live.id });
    await kit.call('lives.stop', { liveId: live.id });
    // The passwords did reach the secret store…
    expect([...secrets.stored.values()].sort()).toEqual([...PASSWORDS, KEY].sort());
    // …and no byte of them is in the database, in any view or in any event.
    const bytes = databaseBytes(kit.dataDir);
    for (const password of PASSWORDS) expect(bytes.includes(Buffer.from(password))).toBe(false);
    const outputs = JSON.stringify([
      await kit.call('lives.get', { liveId: live.id }),
      await kit.call('lives.list', undefined),
      kit.seen('live.updated'),
    ]);
    for (const password of PASSWORDS) expect(outputs).not.toContain(password);
    expect(outputs).toContain('alice:••••@iptv.example.com');
    expect(outputs).toContain('bob:••••@ingest.example.com');
  });

  it('sending the masked URL back keeps the stored password; the runtime gets it back to build FFmpeg arguments', async () => {
    const live = await kit.call('lives.create', show);
    const updated = await kit.call('lives.update', {
      liveId: live.id,
      patch: { source: live.source, destinations: sentBack(live), title: 'Same passwords' },
    });
    expect(updated.source).toEqual(live.source);
    const passwords = await kit.runtime.host?.urlPasswords(live.id);
    expect(passwords?.source).toBe(SOURCE_PASSWORD);
    expect([...(passwords?.destinations.values() ?? [])]).toEqual([DEST_PASSWORD]);
    // A path change keeps it too: the password belongs to the server and user, not the path.
    const moved = await kit.call('lives.update', {
      liveId: live.id,
      patch: { source: { kind: 'url', format: 'http-ts', url: 'http://alice:••••@iptv.example.com:8080/live/2.ts' } },
    });
    expect(moved.source).toMatchObject({ url: 'http://alice:••••@iptv.example.com:8080/live/2.ts' });
    expect((await kit.runtime.host?.urlPasswords(live.id))?.source).toBe(SOURCE_PASSWORD);
  });

  it('a new password replaces the old secret, which is deleted after the change commits; deleting the live deletes them all', async () => {
    const live = await kit.call('lives.create', show);
    await kit.call('lives.update', {
      liveId: live.id,
      patch: { source: { kind: 'url', format: 'http-ts', url: 'http://alice:N3wPassword-1@iptv.example.com:8080/live/1.ts' } },
    });
    expect([...secrets.stored.values()].sort()).toEqual(['N3wPassword-1', DEST_PASSWORD, KEY].sort());
    // Dropping the password (no userinfo) drops its secret.
    await kit.call('lives.update', {
      liveId: live.id,
      patch: { source: { kind: 'url', format: 'http-ts', url: 'http://iptv.example.com/1.ts' } },
    });
    expect([...secrets.stored.values()].sort()).toEqual([DEST_PASSWORD, KEY].sort());
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
      d.kind === 'custom-rtmp' ? { ...d, url: 'rtmp://bob:••••@attacker.example.net/live' } : d,
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
    expect((await kit.runtime.host?.urlPasswords(live.id))?.destinations.get(live.destinations[0]?.id ?? '')).toBe(DEST_PASSWORD);
    expect(secrets.stored.size).toBe(3); // nothing new stored, nothing lost
  });

  it('a lost password fails the start with a sentence, and a started run masks the passwords in its log', async () => {
    const live = await kit.call('lives.create', show);
    const run = await kit.call('lives.start', { liveId: live.id });
    kit.runtime.host?.journal.appendLog(run.currentRunId ?? '', [`[http @ 0x1] 401 for user alice, password ${SOURCE_PASSWORD}`]);
    const detail = await kit.call('lives.getRun', { runId: run.currentRunId ?? '' });
    expect(detail.log.join('\n')).not.toContain(SOURCE_PASSWORD);
    await kit.call('lives.stop', { liveId: live.id });
    for (const [id, value] of secrets.stored) if (value === DEST_PASSWORD) await secrets.delete(id);
    const error = await rejection(kit.call('lives.start', { liveId: live.id }));
    expect(error).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(/password in the URL of "Mine" is missing/),
    });
  });

  it('moves a password an older engine stored in clear to the secret store at start, leaving no trace in the files', async () => {
    const live = await kit.call('lives.create', { ...show, source: { kind: 'testPattern' }, destinations: [] });
    // As an engine before this change wrote it: the URL, password and all, in the row.
    const store = new LiveStore(kit.deps.db);
    const record = store.get(live.id);
    if (!record) throw new Error('live missing');
    store.replace({
      ...record,
      source: { kind: 'url', format: 'http-ts', url: `http://alice:${SOURCE_PASSWORD}@iptv.example.com/1.ts` },
      destinations: [
        {
          id: 'd1',
          name: 'Old',
          enabled: true,
          kind: 'custom-rtmp',
          url: `rtmp://bob:${DEST_PASSWORD}@ingest.example.com/live`,
          keyRef: null,
          keyMasked: null,
          urlSecretRef: null,
        },
      ],
    });
    const again = await kit.reopen();
    try {
      const after = await again.call('lives.get', { liveId: live.id });
      expect(after.source).toMatchObject({ url: 'http://alice:••••@iptv.example.com/1.ts' });
      expect(after.destinations[0]?.url).toBe('rtmp://bob:••••@ingest.example.com/live');
      expect([...secrets.stored.values()].sort()).toEqual([...PASSWORDS].sort());
      const bytes = databaseBytes(again.dataDir);
      for (const password of PASSWORDS) expect(bytes.includes(Buffer.from(password))).toBe(false);
      expect((await again.runtime.host?.urlPasswords(live.id))?.source).toBe(SOURCE_PASSWORD);
    } finally {
      again.close();
    }
  });
});
