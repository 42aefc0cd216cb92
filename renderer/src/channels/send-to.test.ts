import { describe, expect, it } from 'vitest';
import type { Channel } from '@shared/contract/iptv';
import { liveFieldsFromDraft } from '../lives/live-draft';
import { canSchedule, sendToDraft } from './send-to';

const channel = {
  id: 'x1001',
  providerId: 'p1',
  name: 'Sky Sport 7',
} as Channel;

describe('Send to…', () => {
  it('makes a live whose source is the channel (no address: the engine resolves it at start), to the HLS preview', () => {
    const fields = liveFieldsFromDraft(sendToDraft(channel, { timeZone: 'Europe/Paris', previewName: 'Aperçu' }));
    expect(fields).toMatchObject({
      title: 'Sky Sport 7',
      source: { kind: 'iptvChannel', providerId: 'p1', channelId: 'x1001', channelName: 'Sky Sport 7' },
      destinations: [{ kind: 'hls-local', name: 'Aperçu' }],
      start: { kind: 'manual' },
      end: { kind: 'none' },
    });
  });

  it('from a programme of the guide: starts and ends at its times (the end rounded up to the minute), in the zone', () => {
    const programme = { title: 'Match de football', start: '2026-05-02T19:00:00Z', stop: '2026-05-02T20:52:30Z' };
    const fields = liveFieldsFromDraft(sendToDraft(channel, { timeZone: 'Europe/Paris', previewName: 'Preview', programme }));
    expect(fields).toMatchObject({
      title: 'Match de football · Sky Sport 7',
      start: { kind: 'once', at: '2026-05-02T19:00:00Z', timeZone: 'Europe/Paris' },
      end: { kind: 'at', at: '2026-05-02T20:53:00Z', timeZone: 'Europe/Paris' },
    });
  });

  it('only a programme that has not started can be scheduled', () => {
    const now = Date.parse('2026-05-02T19:00:00Z');
    expect(canSchedule({ title: 'a', start: '2026-05-02T18:30:00Z', stop: '2026-05-02T19:30:00Z' }, now)).toBe(false);
    expect(canSchedule({ title: 'b', start: '2026-05-02T19:30:00Z', stop: '2026-05-02T20:30:00Z' }, now)).toBe(true);
  });
});
