import type { Live, RunEvent, RunStats } from '@shared/contract/lives';
import { describe, expect, it } from 'vitest';
import { destinationHealth, destinationReasons } from './health';

const live = (state: Live['state']): Live => ({
  id: 'l',
  title: 't',
  ownerId: 'local',
  source: { kind: 'testPattern' },
  destinations: [
    { id: 'hls', name: 'Preview', kind: 'hls-local', enabled: true, streamKey: { keyRef: null, keyMasked: null, keySet: false } },
    {
      id: 'yt',
      name: 'YouTube',
      kind: 'youtube-primary',
      enabled: true,
      streamKey: { keyRef: 'secret:1', keyMasked: '••••wxyz', keySet: true },
    },
    { id: 'off', name: 'Twitch', kind: 'twitch', enabled: false, streamKey: { keyRef: null, keyMasked: null, keySet: false } },
  ],
  encoding: { mode: 'auto' },
  loop: { kind: 'once' },
  start: { kind: 'manual' },
  end: { kind: 'none' },
  state,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

const stats = (destinations: RunStats['destinations']): RunStats => ({
  at: '2026-01-01T00:00:05Z',
  fps: 30,
  bitrateKbps: 1000,
  speed: 1,
  frames: 1,
  dropped: 0,
  duplicated: 0,
  outTimeMs: 1,
  cpuPercent: 1,
  rssBytes: 1,
  destinations,
});

describe('destination health', () => {
  it('is idle at rest or when disabled, connecting before the first sample, then what the sample says', () => {
    expect(destinationHealth(live('ended'), 'yt', undefined)).toEqual({ health: 'idle' });
    expect(destinationHealth(live('live'), 'off', undefined)).toEqual({ health: 'idle' });
    expect(destinationHealth(live('starting'), 'yt', undefined)).toEqual({ health: 'connecting' });
    expect(destinationHealth(live('live'), 'hls', stats([{ id: 'hls', health: 'live' }]))).toEqual({
      health: 'live',
      reason: undefined,
    });
  });

  it('explains a retrying or failed destination with the newest reason the journal gave it', () => {
    const events: RunEvent[] = [
      {
        at: '2026-01-01T00:00:01Z',
        kind: 'destination',
        destinationId: 'yt',
        to: 'retrying',
        reason: 'Connection refused by the server.',
      },
      { at: '2026-01-01T00:00:02Z', kind: 'destination', destinationId: 'hls', to: 'retrying', reason: 'disk full' },
      { at: '2026-01-01T00:00:03Z', kind: 'destination', destinationId: 'hls', to: 'live' },
      { at: '2026-01-01T00:00:04Z', kind: 'failure', destinationId: 'yt', reason: 'The server refused the stream key.' },
    ];
    const reasons = destinationReasons(events);
    expect(reasons).toEqual({ yt: 'The server refused the stream key.' });
    const sample = stats([
      { id: 'yt', health: 'failed' },
      { id: 'hls', health: 'live' },
    ]);
    expect(destinationHealth(live('live'), 'yt', sample, reasons)).toEqual({
      health: 'failed',
      reason: 'The server refused the stream key.',
    });
    expect(destinationHealth(live('live'), 'hls', sample, reasons).reason).toBeUndefined();
    // A reason carried by the sample itself wins.
    expect(destinationHealth(live('live'), 'yt', stats([{ id: 'yt', health: 'retrying', reason: 'now' }]), reasons).reason).toBe(
      'now',
    );
  });
});
