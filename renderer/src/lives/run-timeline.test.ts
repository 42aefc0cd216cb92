import type { RunEvent } from '@shared/contract/lives';
import { describe, expect, it } from 'vitest';
import { reasonsShownOnce } from './run-timeline';

const at = '2026-11-30T18:00:00Z';
const reason = 'The source file /videos/show.mp4 does not exist.';

describe('reasonsShownOnce', () => {
  it('says a failure sentence once, where it first happened, and not again as the end reason', () => {
    const events: RunEvent[] = [
      { at, kind: 'state', from: 'queued', to: 'starting' },
      { at, kind: 'failure', reason },
      { at, kind: 'state', from: 'starting', to: 'failed', reason: `${reason.slice(0, -1)}` },
    ];
    const shown = reasonsShownOnce(events, reason);
    expect(shown.byEvent).toEqual([undefined, reason, undefined]);
    expect(shown.endReason).toBeUndefined();
  });

  it('keeps distinct sentences and an end reason no event gave', () => {
    const events: RunEvent[] = [
      { at, kind: 'destination', destinationId: 'a', to: 'retrying', reason: 'Connection refused.' },
      { at, kind: 'note', reason: 'Encoding: video is RAWVIDEO.' },
    ];
    const shown = reasonsShownOnce(events, 'Stopped by the schedule.');
    expect(shown.byEvent).toEqual(['Connection refused.', 'Encoding: video is RAWVIDEO.']);
    expect(shown.endReason).toBe('Stopped by the schedule.');
  });
});
