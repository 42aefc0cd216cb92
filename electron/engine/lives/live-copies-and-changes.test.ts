import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcError } from '@shared/contract/errors';
import type { Live, LiveFieldsInput } from '@shared/contract/lives';
import { MemorySecretStore } from '../secrets/secret-store';
import { FakeRuntime, OWNER, startLivesKit, type LivesKit } from '../../../tests/support/engine/lives-kit';

const KEY = 'live_123456789_AbCdEfGhIjKlMnOp';
const show: LiveFieldsInput = {
  title: 'Friday night',
  source: { kind: 'url', url: 'rtmp://feeder:s3cret-pass@origin.example.com/app/feed', format: 'rtmp' },
  destinations: [
    { name: 'Twitch', kind: 'twitch', streamKey: KEY },
    { name: 'Preview', kind: 'hls-local', enabled: false },
  ],
  start: { kind: 'once', at: '2026-03-02T20:00:00.000Z', timeZone: 'Europe/Paris' },
};
const BOB = { userId: 'bob', isAdmin: false, isApproved: true };
const ADMIN = { userId: 'root', isAdmin: true, isApproved: true };

async function refusal(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error('Expected the call to be refused.');
}

/** A runtime that can change destinations on air, or refuse to. */
class OnAirRuntime extends FakeRuntime {
  applied: Live[] = [];
  refuse: RpcError | undefined;
  applyDestinations(live: Live): Promise<void> {
    if (this.refuse) return Promise.reject(this.refuse);
    this.applied.push(live);
    return Promise.resolve();
  }
}

/** The memory store, with what it holds visible to the test. */
class VisibleSecrets extends MemorySecretStore {
  readonly held = new Map<string, string>();
  override async set(id: string, value: string): Promise<void> {
    this.held.set(id, value);
    return super.set(id, value);
  }
  override async delete(id: string): Promise<void> {
    this.held.delete(id);
    return super.delete(id);
  }
}

let kit: LivesKit;
let runtime: OnAirRuntime;
let secrets: VisibleSecrets;
beforeEach(async () => {
  runtime = new OnAirRuntime();
  secrets = new VisibleSecrets();
  kit = await startLivesKit({ runtime, secrets });
});
afterEach(() => kit.close());

describe('lives.duplicate', () => {
  it('copies a live with its own copies of the keys and URL password, for its owner only', async () => {
    const live = await kit.call('lives.create', show);
    const copy = await kit.call('lives.duplicate', { liveId: live.id, title: 'Friday night (2)' });
    expect(copy).toMatchObject({ title: 'Friday night (2)', ownerId: 'alice', state: 'scheduled', start: show.start });
    expect(copy.id).not.toBe(live.id);
    expect(copy.destinations.map((d) => [d.name, d.enabled, d.streamKey.keyMasked])).toEqual([
      ['Twitch', true, '••••MnOp'],
      ['Preview', false, null],
    ]);
    const copyRef = copy.destinations[0]!.streamKey.keyRef!;
    expect(copyRef).not.toBe(live.destinations[0]!.streamKey.keyRef);
    // Deleting the original keeps the copy's key and password.
    await kit.call('lives.delete', { liveId: live.id });
    expect(await kit.secrets.get(copyRef.slice('secret:'.length))).toBe(KEY);
    expect(copy.source).toMatchObject({ url: 'rtmp://••••:••••@origin.example.com/app/feed' });
    expect([...secrets.held.values()].filter((value) => value.includes('s3cret-pass'))).toHaveLength(1);
    expect((await refusal(kit.call('lives.duplicate', { liveId: copy.id }, BOB))).code).toBe('NOT_FOUND');
    expect((await refusal(kit.call('lives.duplicate', { liveId: copy.id }, ADMIN))).code).toBe('FORBIDDEN');
  });

  it('starts the copy by hand when the original’s one-off start is past, and names it after it', async () => {
    const live = await kit.call('lives.create', show);
    kit.clock.now = Date.parse('2026-03-05T12:00:00Z');
    const copy = await kit.call('lives.duplicate', { liveId: live.id });
    expect(copy).toMatchObject({ title: 'Friday night (copy)', state: 'draft', start: { kind: 'manual' } });
  });
});

describe('destinations turned off, on or added', () => {
  it('at rest: stored, the key kept, one HLS output at most', async () => {
    const live = await kit.call('lives.create', show);
    const twitch = live.destinations[0]!;
    const off = await kit.call('lives.setDestinationEnabled', { liveId: live.id, destinationId: twitch.id, enabled: false });
    expect(off.destinations[0]).toMatchObject({ enabled: false, streamKey: twitch.streamKey });
    const added = await kit.call('lives.addDestination', {
      liveId: live.id,
      destination: { name: 'YouTube', kind: 'youtube-primary', streamKey: 'yt-key-1234-5678' },
    });
    expect(added.destinations.map((d) => d.name)).toEqual(['Twitch', 'Preview', 'YouTube']);
    const second = await refusal(
      kit.call('lives.addDestination', { liveId: live.id, destination: { name: 'HLS 2', kind: 'hls-local' } }),
    );
    expect(second.code).toBe('INVALID_PARAMS');
    expect(second.message).toContain('at most one local HLS output');
    const unknown = await refusal(
      kit.call('lives.setDestinationEnabled', { liveId: live.id, destinationId: 'nope', enabled: true }),
    );
    expect(unknown.code).toBe('INVALID_PARAMS');
    expect(runtime.applied).toEqual([]);
  });

  it('on air: handed to the runtime; when it refuses, the stored list is put back and the new key dropped', async () => {
    const live = await kit.call('lives.create', { ...show, start: { kind: 'manual' } });
    await kit.call('lives.start', { liveId: live.id });
    const on = await kit.call('lives.setDestinationEnabled', {
      liveId: live.id,
      destinationId: live.destinations[1]!.id,
      enabled: true,
    });
    expect(runtime.applied.at(-1)?.destinations.map((d) => d.enabled)).toEqual([true, true]);
    expect(on.state).toBe('queued');
    const keysBefore = secrets.held.size;
    runtime.refuse = new RpcError('LIMIT_REACHED', 'No FFmpeg slot is free for another destination.');
    const refused = await refusal(
      kit.call('lives.addDestination', {
        liveId: live.id,
        destination: { name: 'YouTube', kind: 'youtube-primary', streamKey: 'yt-key-1234-5678' },
      }),
    );
    expect(refused.code).toBe('LIMIT_REACHED');
    const after = await kit.call('lives.get', { liveId: live.id });
    expect(after.destinations.map((d) => d.name)).toEqual(['Twitch', 'Preview']);
    expect(secrets.held.size).toBe(keysBefore);
    // Turning the last destination off on air is a Stop, not an edit.
    runtime.refuse = undefined;
    await kit.call('lives.setDestinationEnabled', { liveId: live.id, destinationId: live.destinations[1]!.id, enabled: false });
    const last = await refusal(
      kit.call('lives.setDestinationEnabled', { liveId: live.id, destinationId: live.destinations[0]!.id, enabled: false }),
    );
    expect(last.code).toBe('INVALID_STATE');
    expect(OWNER.userId).toBe(after.ownerId);
  });
});
