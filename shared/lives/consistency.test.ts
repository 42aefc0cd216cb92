import { describe, expect, it } from 'vitest';
import { LiveFields, type LiveFieldsInput } from '../contract/lives';
import { checkLiveConsistency } from './consistency';

const now = Date.parse('2026-03-01T12:00:00Z');
const check = (input: Partial<LiveFieldsInput>, startMustBeFuture = true) =>
  checkLiveConsistency(LiveFields.parse({ title: 't', source: { kind: 'file', path: '/v/a.mp4' }, ...input }), {
    now,
    startMustBeFuture,
  }).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('live consistency across fields', () => {
  it('accepts a coherent live', () => {
    expect(check({ loop: { kind: 'times', count: 3 }, end: { kind: 'afterLoops', count: 2 } })).toEqual([]);
  });

  it('only loops file and playlist sources', () => {
    expect(check({ source: { kind: 'testPattern' }, loop: { kind: 'forever' } })).toEqual([
      'loop: Only file and playlist sources loop; a testPattern source plays until it ends or is stopped.',
    ]);
  });

  it('ends after N loops only when the source loops at least that much', () => {
    expect(check({ end: { kind: 'afterLoops', count: 2 } })).toEqual([
      'end.count: Ending after N loops needs a loop policy of "times" or "forever".',
    ]);
    expect(check({ loop: { kind: 'times', count: 2 }, end: { kind: 'afterLoops', count: 5 } })).toEqual([
      'end.count: The live stops after 2 loops anyway; end after at most that many.',
    ]);
    expect(
      check({ source: { kind: 'url', format: 'hls', url: 'http://x/a.m3u8' }, end: { kind: 'afterLoops', count: 1 } }),
    ).toEqual(['end.kind: Ending after N loops needs a file or playlist source.']);
  });

  it('refuses a start in the past, and an end before the start', () => {
    expect(check({ start: { kind: 'once', at: '2026-03-01T11:00:00Z', timeZone: 'UTC' } })).toEqual([
      'start.at: The start time is in the past.',
    ]);
    expect(check({ start: { kind: 'once', at: '2026-03-01T11:00:00Z', timeZone: 'UTC' } }, false)).toEqual([]);
    expect(
      check({
        start: { kind: 'once', at: '2026-03-02T20:00:00Z', timeZone: 'Europe/Paris' },
        end: { kind: 'at', at: '2026-03-02T19:00:00Z', timeZone: 'Europe/Paris' },
      }),
    ).toEqual(['end.at: The end time must come after the start time.']);
    expect(check({ end: { kind: 'at', at: '2026-03-01T10:00:00Z', timeZone: 'UTC' } })).toEqual([
      'end.at: The end time is in the past.',
    ]);
  });
});
