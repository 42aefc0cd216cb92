import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStats } from '@shared/contract/lives';
import { freeLoopbackPort } from '../../support/ports';
import { waitFor } from '../../support/wait-for';
import { startRestreamEngine, type RestreamEngine } from '../../support/restream-engine';

function statsOf(engine: RestreamEngine, liveId: string): RunStats[] {
  return engine.events
    .filter((e) => e.event === 'run.stats' && (e.payload as { liveId: string }).liveId === liveId)
    .map((e) => (e.payload as { stats: RunStats }).stats);
}

describe('a dead source URL: every attempt counted and shown, then the live gives up (or keeps trying)', () => {
  let engine: RestreamEngine;
  let deadUrl: string;
  beforeAll(async () => {
    engine = await startRestreamEngine();
    // A loopback port nobody listens on: every attempt is refused at once.
    deadUrl = `http://127.0.0.1:${await freeLoopbackPort()}/channel.ts`;
  });
  afterAll(async () => engine?.close());

  it('counts and words each attempt, shows it on the live, fails after its limit with that reason; keepTrying goes on', async () => {
    const givesUp = await engine.createLive({
      title: 'Dead channel',
      source: { kind: 'url', url: deadUrl, format: 'http-ts', ifUnreachable: { kind: 'failAfter', seconds: 20 } },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    const keepsTrying = await engine.createLive({
      title: 'Dead channel, patient',
      source: { kind: 'url', url: deadUrl, format: 'http-ts', ifUnreachable: { kind: 'keepTrying' } },
      destinations: [{ name: 'Preview', kind: 'hls-local' }],
    });
    const startedAt = Date.now();
    await engine.start(givesUp.id);
    await engine.start(keepsTrying.id);

    // The figures the live shows: the restart count and the retry, without waiting for a state change.
    const retrying = await waitFor(
      () => statsOf(engine, givesUp.id).find((s) => (s.restarts ?? 0) >= 2 && s.sourceRetry !== undefined),
      { what: 'a sample showing the source being retried' },
    );
    expect(retrying.sourceRetry).toMatchObject({
      attempt: expect.any(Number),
      reason: expect.stringContaining('Connection refused'),
    });
    expect(retrying.sourceRetry?.attempt).toBe((retrying.restarts ?? 0) + 1);
    expect(retrying.sourceRetry?.giveUpInSec).toBeLessThanOrEqual(20);
    expect((await engine.get(givesUp.id)).state).toBe('starting');

    const failed = await engine.waitForState(givesUp.id, 'failed', 40_000);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(20_000);
    const detail = await engine.runDetail(failed.id);
    expect(detail.run.endReason).toMatch(
      /^The source could not be reached in 20 s \(\d+ failed attempts\); the live gave up\. Last error: Source: .*Connection refused/,
    );
    const notes = detail.events.filter((e) => e.kind === 'note').map((e) => e.reason ?? '');
    const attempts = notes.filter((n) => /^Source unreachable — retrying in \d+ s, attempt \d+: /.test(n));
    expect(attempts.length).toBe(detail.run.restarts);
    expect(attempts[0]).toMatch(/attempt 2:/);
    expect(detail.run.restarts).toBeGreaterThanOrEqual(2);

    // The patient one is still trying past that limit, its deadline shown as none.
    expect((await engine.get(keepsTrying.id)).state).toBe('starting');
    const patient = statsOf(engine, keepsTrying.id).findLast((s) => s.sourceRetry !== undefined);
    expect(patient?.sourceRetry?.giveUpInSec).toBeNull();
    expect((await engine.runDetail(keepsTrying.id)).run.restarts).toBeGreaterThanOrEqual(2);
    await engine.stop(keepsTrying.id);
  }, 90_000);
});
