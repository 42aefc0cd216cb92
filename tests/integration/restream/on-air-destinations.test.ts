import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DestinationTestResult, Live } from '@shared/contract/lives';
import { mediaFixture } from '../../support/media';
import { nginxRtmpAvailable, startNginxRtmp, type RtmpPeer } from '../../support/nginx-rtmp';
import { freeLoopbackPort, waitFor } from '../../support/ports';
import { startRestreamEngine, type RestreamEngine } from '../../support/restream-engine';

// Issue 11, point 5: while on air, one destination turned off or on, or one added, without
// interrupting the others (nginx-rtmp counts each publish: the others' count stays the same).
const KEYS = ['keep-aaaa-0001', 'flip-bbbb-0002', 'late-cccc-0003', 'solo-dddd-0004', 'join-eeee-0005', 'test-ffff-0006'];

describe.skipIf(!nginxRtmpAvailable())('destinations changed on air, and tested', () => {
  let peer: RtmpPeer;
  let engine: RestreamEngine;
  let clip: string;

  beforeAll(async () => {
    [peer, clip] = await Promise.all([startNginxRtmp({ keys: KEYS }), mediaFixture('h264-aac-360p', 6)]);
    engine = await startRestreamEngine();
  });
  afterAll(async () => {
    await engine?.close();
    await peer?.close();
  });

  const push = (name: string, key: string) => ({ name, kind: 'custom-rtmp' as const, url: peer.ingestUrl, streamKey: key });
  const publishing = async (key: string): Promise<boolean> => (await peer.streams()).some((s) => s.name === key && s.publishing);
  /** Bytes nginx has received for `key` keep growing (the stream is flowing, not just open). */
  const flowing = async (key: string): Promise<void> => {
    const before = (await peer.waitForBytes(key)).bytesIn;
    await peer.waitForBytes(key, before + 50_000);
  };

  it('on the hub: turns one destination off and on, adds another, and the first is never reconnected', async () => {
    const live = await engine.createLive({
      title: 'Hub on air',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [push('Keep', KEYS[0]!), push('Flip', KEYS[1]!)],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    await Promise.all([flowing(KEYS[0]!), flowing(KEYS[1]!)]);
    const flip = live.destinations[1]!.id;

    const off = await engine.call<Live>('lives.setDestinationEnabled', { liveId: live.id, destinationId: flip, enabled: false });
    expect(off.state).toBe('live');
    expect(off.destinations.find((d) => d.id === flip)?.enabled).toBe(false);
    await waitFor(async () => !(await publishing(KEYS[1]!)), { what: 'Flip to stop publishing' });
    await flowing(KEYS[0]!);

    await engine.call<Live>('lives.setDestinationEnabled', { liveId: live.id, destinationId: flip, enabled: true });
    await waitFor(() => peer.publishAttempts(KEYS[1]!) === 2, { what: 'Flip to publish again' });
    await flowing(KEYS[1]!);

    const added = await engine.call<Live>('lives.addDestination', { liveId: live.id, destination: push('Late', KEYS[2]!) });
    expect(added.destinations.map((d) => d.name)).toEqual(['Keep', 'Flip', 'Late']);
    expect(added.destinations[2]?.streamKey.keySet).toBe(true);
    await flowing(KEYS[2]!);

    // The first destination published once, all along, and the live never left `live`.
    await flowing(KEYS[0]!);
    expect(peer.publishAttempts(KEYS[0]!)).toBe(1);
    expect(engine.states.get(live.id)).toEqual(['draft', 'queued', 'starting', 'live']);
    const detail = await engine.runDetail(live.id);
    const notes = detail.events.filter((e) => e.kind === 'note').map((e) => e.reason);
    expect(notes).toContain('Stopped sending to Flip (turned off on air); the other destinations carry on.');
    expect(notes).toContain('Now also sending to Late (turned on on air).');
    expect(JSON.stringify(detail)).not.toContain(KEYS[2]);
    await engine.stop(live.id);
  });

  it('in direct mode: a second destination moves the live to the hub, on air, and both receive', async () => {
    const live = await engine.createLive({
      title: 'Direct then hub',
      source: { kind: 'file', path: clip },
      loop: { kind: 'forever' },
      destinations: [push('Solo', KEYS[3]!)],
    });
    await engine.start(live.id);
    await engine.waitForState(live.id, 'live');
    await flowing(KEYS[3]!);
    await engine.call<Live>('lives.addDestination', { liveId: live.id, destination: push('Join', KEYS[4]!) });
    await Promise.all([flowing(KEYS[4]!), flowing(KEYS[3]!)]);
    // The one FFmpeg hands over to the hub once: the first destination reconnects exactly once.
    expect(peer.publishAttempts(KEYS[3]!)).toBe(2);
    expect((await engine.get(live.id)).state).toBe('live');
    const notes = (await engine.runDetail(live.id)).events.filter((e) => e.kind === 'note').map((e) => e.reason ?? '');
    expect(notes.some((n) => n.includes('through the hub') && n.includes('Solo reconnected once'))).toBe(true);
    // From now on it is a hub live: turning Join off leaves Solo alone.
    const join = (await engine.get(live.id)).destinations[1]!.id;
    await engine.call('lives.setDestinationEnabled', { liveId: live.id, destinationId: join, enabled: false });
    await waitFor(async () => !(await publishing(KEYS[4]!)), { what: 'Join to stop publishing' });
    await flowing(KEYS[3]!);
    expect(peer.publishAttempts(KEYS[3]!)).toBe(2);
    // The last destination cannot be turned off on air: that is Stop.
    const soloId = live.destinations[0]!.id;
    const refused = await engine
      .call('lives.setDestinationEnabled', { liveId: live.id, destinationId: soloId, enabled: false })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'INVALID_STATE' });
    await engine.stop(live.id);
  });

  it('tests a destination: accepted, the platform’s refusal, or nobody there', async () => {
    const test = (destination: object, liveId?: string): Promise<DestinationTestResult> =>
      engine.call('lives.testDestination', { destination, ...(liveId ? { liveId } : {}) });
    const accepted = await test(push('Ingest', KEYS[5]!));
    expect(accepted).toMatchObject({ outcome: 'accepted', message: 'Ingest accepted the test stream for 5 s.' });
    expect(accepted.seconds).toBeGreaterThanOrEqual(4.5);
    expect(peer.publishAttempts(KEYS[5]!)).toBe(1);

    const refused = await test(push('Twitch', 'wrong-key-7777'));
    expect(refused.outcome).toBe('refused');
    expect(refused.message).toMatch(/refused the stream key for Twitch/);
    expect(JSON.stringify(refused)).not.toContain('wrong-key-7777');

    const closed = await freeLoopbackPort();
    const nobody = await test({
      name: 'Nobody',
      kind: 'custom-rtmp',
      url: `rtmp://127.0.0.1:${closed}/live`,
      streamKey: 'x-key-1',
    });
    expect(nobody.outcome).toBe('unreachable');

    // A saved destination is tested with its stored key when the field is left empty.
    const saved = await engine.createLive({
      title: 'Saved key',
      source: { kind: 'testPattern' },
      destinations: [push('Stored', KEYS[5]!)],
    });
    const stored = saved.destinations[0]!;
    const again = await test({ id: stored.id, name: stored.name, kind: stored.kind, url: stored.url }, saved.id);
    expect(again.outcome).toBe('accepted');
    const noKey = await test({ name: 'No key', kind: 'twitch' }).catch((error: unknown) => error);
    expect(noKey).toMatchObject({ code: 'INVALID_PARAMS' });
  });
});
