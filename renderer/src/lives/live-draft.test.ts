import { LiveFields, type Live } from '@shared/contract/lives';
import { describe, expect, it } from 'vitest';
import {
  demoDraft,
  draftFromLive,
  emptyDraft,
  fromWallClockInput,
  liveFieldsFromDraft,
  newDestination,
  toWallClockInput,
} from './live-draft';
import { errorAt, submitErrorsOf, unplacedErrors } from './field-errors';
import { RpcError } from '@shared/contract/errors';

describe('live draft → LiveFields', () => {
  it('makes the demo live valid as it is: a test pattern to the local HLS preview', () => {
    const fields = LiveFields.parse(liveFieldsFromDraft(demoDraft('Europe/Paris', 'Demo live')));
    expect(fields.source).toEqual({ kind: 'testPattern' });
    expect(fields.destinations).toEqual([{ name: 'Preview', kind: 'hls-local', enabled: true }]);
    expect(fields.start).toEqual({ kind: 'manual' });
    expect(fields.loop).toEqual({ kind: 'once' });
  });

  it('never asks a test pattern or a URL to loop (only files and playlists do)', () => {
    const draft = demoDraft('UTC', 'Demo');
    draft.loop = { kind: 'forever', count: '2' };
    expect(liveFieldsFromDraft(draft).loop).toEqual({ kind: 'once' });
    draft.source = { ...draft.source, kind: 'file', path: '/v/a.mp4' };
    expect(liveFieldsFromDraft(draft).loop).toEqual({ kind: 'forever' });
  });

  it('converts a local start time to UTC with the zone it was typed in, across DST', () => {
    // Paris is UTC+1 in winter and UTC+2 in summer.
    expect(fromWallClockInput('2026-01-15T20:00', 'Europe/Paris')).toBe('2026-01-15T19:00:00Z');
    expect(fromWallClockInput('2026-07-15T20:00', 'Europe/Paris')).toBe('2026-07-15T18:00:00Z');
    expect(toWallClockInput('2026-07-15T18:00:00Z', 'Europe/Paris')).toBe('2026-07-15T20:00');
    expect(fromWallClockInput('', 'Europe/Paris')).toBe('');
    const draft = emptyDraft('America/New_York');
    draft.title = 'Evening show';
    draft.start = { ...draft.start, kind: 'once', at: '2026-03-29T18:00' };
    draft.end = { ...draft.end, kind: 'afterDuration', minutes: '90' };
    const fields = LiveFields.parse(liveFieldsFromDraft(draft));
    expect(fields.start).toEqual({ kind: 'once', at: '2026-03-29T22:00:00Z', timeZone: 'America/New_York' });
    expect(fields.end).toEqual({ kind: 'afterDuration', seconds: 5400 });
  });

  it('sends a typed key once, and omits it to keep the stored one', () => {
    const draft = emptyDraft('UTC');
    draft.title = 'Twitch';
    const twitch = newDestination('twitch');
    twitch.streamKey = '  live_1234567890abcdef  ';
    draft.destinations = [twitch];
    expect(liveFieldsFromDraft(draft).destinations?.[0]).toEqual({
      name: 'Twitch',
      kind: 'twitch',
      enabled: true,
      streamKey: 'live_1234567890abcdef',
    });
    twitch.streamKey = '';
    expect(liveFieldsFromDraft(draft).destinations?.[0]).not.toHaveProperty('streamKey');
  });

  it('maps every source kind, playlist lines, URL format, encoding and loop', () => {
    const draft = emptyDraft('UTC');
    draft.title = 'x';
    draft.source = { ...draft.source, kind: 'playlist', paths: '/v/a.mp4\n\n  /v/b.mp4 \n' };
    draft.encoding = '720p';
    draft.loop = { kind: 'times', count: '3' };
    const fields = LiveFields.parse(liveFieldsFromDraft(draft));
    expect(fields.source).toEqual({ kind: 'playlist', paths: ['/v/a.mp4', '/v/b.mp4'] });
    expect(fields.encoding).toEqual({ mode: 'preset', preset: '720p' });
    expect(fields.loop).toEqual({ kind: 'times', count: 3 });
    draft.source = { ...draft.source, kind: 'url', url: 'srt://10.0.0.1:9000', format: 'srt' };
    expect(liveFieldsFromDraft(draft).source).toEqual({ kind: 'url', url: 'srt://10.0.0.1:9000', format: 'srt' });
  });

  it('round-trips a saved live, showing only the key mask', () => {
    const saved: Live = {
      id: 'l1',
      title: 'Weekly',
      ownerId: 'local',
      source: { kind: 'file', path: '/videos/show.mp4' },
      destinations: [
        {
          id: 'd1',
          name: 'Mine',
          kind: 'custom-rtmp',
          url: 'rtmp://ingest.example/live',
          enabled: true,
          streamKey: { keyRef: 'secret:x', keyMasked: '••••wxyz', keySet: true },
        },
      ],
      encoding: { mode: 'preset', preset: 'economical' },
      loop: { kind: 'forever' },
      start: { kind: 'recurring', cron: '0 20 * * 5', timeZone: 'Europe/Paris' },
      end: { kind: 'afterLoops', count: 2 },
      state: 'scheduled',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    };
    const draft = draftFromLive(saved, 'UTC');
    expect(draft.destinations[0]).toMatchObject({ id: 'd1', keyMasked: '••••wxyz', streamKey: '' });
    const fields = liveFieldsFromDraft(draft);
    expect(fields).toMatchObject({
      title: 'Weekly',
      source: saved.source,
      encoding: saved.encoding,
      loop: saved.loop,
      start: saved.start,
      end: saved.end,
    });
    expect(fields.destinations).toEqual([
      { id: 'd1', name: 'Mine', kind: 'custom-rtmp', url: 'rtmp://ingest.example/live', enabled: true },
    ]);
  });
});

describe('an IPTV channel source', () => {
  it('is kept as saved when the live is edited', () => {
    const source = { kind: 'iptvChannel' as const, providerId: 'p1', channelId: 'c42' };
    const live: Live = {
      id: 'l2',
      title: 'News',
      ownerId: 'local',
      source,
      destinations: [],
      encoding: { mode: 'auto' },
      loop: { kind: 'once' },
      start: { kind: 'manual' },
      end: { kind: 'none' },
      state: 'draft',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    };
    expect(liveFieldsFromDraft(draftFromLive(live, 'UTC')).source).toEqual(source);
  });
});

describe('a URL source', () => {
  it('keeps what it does when unreachable (ifUnreachable) when the live is edited', () => {
    const source = {
      kind: 'url' as const,
      url: 'https://tv.example.com/live.m3u8',
      format: 'hls' as const,
      ifUnreachable: { kind: 'keepTrying' as const },
    };
    const live: Live = {
      id: 'l3',
      title: 'Channel',
      ownerId: 'local',
      source,
      destinations: [],
      encoding: { mode: 'auto' },
      loop: { kind: 'once' },
      start: { kind: 'manual' },
      end: { kind: 'none' },
      state: 'draft',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    };
    expect(liveFieldsFromDraft(draftFromLive(live, 'UTC')).source).toEqual(source);
  });
});

describe('validation issues → field errors', () => {
  it('puts each issue next to the field it names, create and update alike', () => {
    const draft = emptyDraft('UTC');
    const custom = newDestination('custom-rtmp');
    custom.url = 'http://not-rtmp.example/live';
    draft.destinations = [custom];
    const parsed = LiveFields.safeParse(liveFieldsFromDraft(draft));
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message }));
    const created = submitErrorsOf(new RpcError('INVALID_PARAMS', 'bad', { issues }));
    expect(created.fields.title).toBe('A live needs a title.');
    expect(created.fields['destinations.0.url']).toMatch(/rtmp:\/\/ or rtmps:\/\//);
    const updated = submitErrorsOf(
      new RpcError('INVALID_PARAMS', 'bad', { issues: issues.map((i) => ({ ...i, path: ['patch', ...i.path] })) }),
    );
    expect(updated.fields).toEqual(created.fields);
  });

  it('shows inner issues on their container and other failures as general messages', () => {
    const errors = submitErrorsOf(
      new RpcError('INVALID_PARAMS', 'bad', { issues: [{ path: ['source', 'paths', 3], message: 'must be absolute' }] }),
    );
    expect(errorAt(errors.fields, 'source.paths')).toBe('must be absolute');
    expect(errorAt(errors.fields, 'title')).toBeUndefined();
    expect(
      unplacedErrors({
        title: 'x',
        'destinations.1.kind': 'A live has at most one local HLS output.',
        'end.kind': 'needs a file',
      }),
    ).toEqual(['destinations.1.kind: A live has at most one local HLS output.', 'end.kind: needs a file']);
    expect(
      unplacedErrors({
        'source.paths.3': 'x',
        'destinations.0.url': 'x',
        loop: 'x',
        'start.timeZone': 'x',
        'encoding.preset': 'x',
      }),
    ).toEqual([]);
    expect(submitErrorsOf(new RpcError('INVALID_STATE', 'A live on air must be stopped first.'))).toEqual({
      fields: {},
      general: ['A live on air must be stopped first.'],
    });
  });
});
