import { describe, expect, it } from 'vitest';
import type { Destination } from '../contract/lives';
import { describeStartBlocker, enabledPushDestinations, startBlockers } from './start-readiness';

const keyed = { keyRef: 'secret:k', keyMasked: '••••abcd', keySet: true } as const;
const keyless = { keyRef: null, keyMasked: null, keySet: false } as const;
const dest = (id: string, kind: Destination['kind'], streamKey: Destination['streamKey'], enabled = true): Destination => ({
  id,
  name: `Dest ${id}`,
  kind,
  enabled,
  streamKey,
});

describe('start readiness: one rule for lives.start, the pre-flight and the renderer', () => {
  it.each([
    { name: 'no destination at all', destinations: [], blockers: [{ kind: 'noEnabledDestination' }] },
    {
      name: 'only disabled ones',
      destinations: [dest('a', 'twitch', keyed, false)],
      blockers: [{ kind: 'noEnabledDestination' }],
    },
    { name: 'a local HLS output only (no key needed)', destinations: [dest('h', 'hls-local', keyless)], blockers: [] },
    { name: 'every push keyed', destinations: [dest('a', 'twitch', keyed), dest('b', 'custom-rtmp', keyed)], blockers: [] },
    {
      name: 'an enabled push without a key, a disabled one ignored',
      destinations: [dest('a', 'youtube-primary', keyless), dest('b', 'twitch', keyless, false), dest('h', 'hls-local', keyless)],
      blockers: [{ kind: 'destinationWithoutKey', destinationId: 'a', name: 'Dest a' }],
    },
  ])('$name', ({ destinations, blockers }) => {
    expect(startBlockers({ destinations })).toEqual(blockers);
  });

  it('pushes are the enabled destinations other than the local HLS output', () => {
    const live = {
      destinations: [dest('a', 'twitch', keyed), dest('b', 'facebook', keyed, false), dest('h', 'hls-local', keyless)],
    };
    expect(enabledPushDestinations(live).map((d) => d.id)).toEqual(['a']);
  });

  it('says each blocker in one sentence, naming the destination', () => {
    expect(describeStartBlocker({ kind: 'noEnabledDestination' })).toBe(
      'This live has no enabled destination: add or enable one before starting.',
    );
    expect(describeStartBlocker({ kind: 'destinationWithoutKey', destinationId: 'a', name: 'Twitch' })).toBe(
      'Destination "Twitch" has no stream key: enter it before starting.',
    );
  });
});
