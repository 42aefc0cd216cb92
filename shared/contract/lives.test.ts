import { describe, expect, it } from 'vitest';
import { DestinationInput, LiveFields, LivePatch, Live, livesMethods, Source, StartPolicy } from './lives';

const base = { title: 'Sunday show', source: { kind: 'testPattern' } };

/** The issues of a failed parse as "path: message" lines, to assert the field is named. */
function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}

const twitch = { name: 'Twitch', kind: 'twitch', streamKey: 'live_123456789_abcdefghijkl' } as const;

describe('lives contract: LiveFields', () => {
  it('fills defaults: auto encoding, once, manual start, no end, no destinations', () => {
    const fields = LiveFields.parse(base);
    expect(fields).toEqual({
      title: 'Sunday show',
      source: { kind: 'testPattern' },
      destinations: [],
      encoding: { mode: 'auto' },
      loop: { kind: 'once' },
      start: { kind: 'manual' },
      end: { kind: 'none' },
    });
  });

  it('refuses an empty or too long title, naming the field', () => {
    expect(issuesOf(LiveFields.safeParse({ ...base, title: '   ' }))).toEqual(['title: A live needs a title.']);
    expect(LiveFields.safeParse({ ...base, title: 'x'.repeat(200) }).success).toBe(true);
    expect(issuesOf(LiveFields.safeParse({ ...base, title: 'x'.repeat(201) }))).toEqual([
      'title: A title is at most 200 characters.',
    ]);
  });

  it('refuses more than 10 destinations and a second local HLS output', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ ...twitch, name: `T${i}` }));
    expect(LiveFields.safeParse({ ...base, destinations: eleven.slice(0, 10) }).success).toBe(true);
    expect(issuesOf(LiveFields.safeParse({ ...base, destinations: eleven }))).toEqual([
      'destinations: A live has at most 10 destinations.',
    ]);
    const hls = { name: 'Preview', kind: 'hls-local' };
    expect(issuesOf(LiveFields.safeParse({ ...base, destinations: [hls, hls] }))).toEqual([
      'destinations.1.kind: A live has at most one local HLS output.',
    ]);
  });

  it('refuses unknown fields instead of silently dropping them', () => {
    expect(issuesOf(LiveFields.safeParse({ ...base, owner: 'mallory' }))[0]).toMatch(/owner/);
  });
});

describe('lives contract: destinations', () => {
  it('accepts rtmp:// and rtmps:// custom URLs only', () => {
    expect(DestinationInput.safeParse({ name: 'Mine', kind: 'custom-rtmp', url: 'rtmp://127.0.0.1:1935/live' }).success).toBe(
      true,
    );
    expect(
      DestinationInput.safeParse({ name: 'Mine', kind: 'custom-rtmp', url: 'rtmps://live.example.com:443/app' }).success,
    ).toBe(true);
    for (const url of ['http://example.com/live', 'rtmp://', 'not a url', 'file:///etc/passwd']) {
      expect(issuesOf(DestinationInput.safeParse({ name: 'Mine', kind: 'custom-rtmp', url }))).toEqual([
        'url: A custom destination needs an rtmp:// or rtmps:// URL with a host.',
      ]);
    }
    expect(issuesOf(DestinationInput.safeParse({ name: 'Mine', kind: 'custom-rtmp' }))).toEqual([
      'url: A custom destination needs an rtmp:// or rtmps:// URL with a host.',
    ]);
  });

  it('refuses a URL on platform presets and a key on the local HLS output', () => {
    expect(issuesOf(DestinationInput.safeParse({ ...twitch, url: 'rtmp://evil.example/live' }))).toEqual([
      "url: A twitch destination uses its platform's URL; leave url empty.",
    ]);
    expect(issuesOf(DestinationInput.safeParse({ name: 'Preview', kind: 'hls-local', streamKey: 'abcdefgh' }))).toEqual([
      'streamKey: The local HLS output takes no stream key.',
    ]);
  });

  it('refuses keys with spaces or URL separators, and names the field', () => {
    expect(issuesOf(DestinationInput.safeParse({ ...twitch, streamKey: 'abc def' }))).toEqual([
      'streamKey: A stream key has no spaces, slashes, ?, # or &.',
    ]);
    expect(issuesOf(DestinationInput.safeParse({ ...twitch, streamKey: 'a/b' }))[0]).toMatch(/^streamKey:/);
  });
});

describe('lives contract: sources', () => {
  it('requires absolute file paths (POSIX, Windows drive, UNC)', () => {
    for (const path of ['/videos/a.mp4', 'C:\\videos\\a.mp4', 'D:/a.mp4', '\\\\nas\\share\\a.mp4']) {
      expect(Source.safeParse({ kind: 'file', path }).success).toBe(true);
    }
    expect(issuesOf(Source.safeParse({ kind: 'file', path: 'videos/a.mp4' }))).toEqual([
      'path: The file path must be absolute (e.g. /videos/show.mp4).',
    ]);
    expect(issuesOf(Source.safeParse({ kind: 'playlist', paths: ['/a.mp4', 'b.mp4'] }))).toEqual([
      'paths.1: The file path must be absolute (e.g. /videos/show.mp4).',
    ]);
    expect(issuesOf(Source.safeParse({ kind: 'playlist', paths: [] }))).toEqual(['paths: A playlist needs at least one file.']);
  });

  it('checks that a URL source matches its format', () => {
    expect(Source.safeParse({ kind: 'url', format: 'hls', url: 'https://cdn.example.com/a.m3u8' }).success).toBe(true);
    expect(Source.safeParse({ kind: 'url', format: 'srt', url: 'srt://10.0.0.1:9000?mode=caller' }).success).toBe(true);
    expect(issuesOf(Source.safeParse({ kind: 'url', format: 'rtmp', url: 'https://example.com/live' }))).toEqual([
      'url: A rtmp source URL must start with rtmp:// or rtmps:// and name a host.',
    ]);
  });
});

describe('lives contract: start policy', () => {
  it('takes a UTC instant with an IANA zone', () => {
    expect(StartPolicy.safeParse({ kind: 'once', at: '2026-03-29T01:30:00Z', timeZone: 'Europe/Paris' }).success).toBe(true);
    expect(issuesOf(StartPolicy.safeParse({ kind: 'once', at: '2026-03-29T01:30:00Z', timeZone: 'Mars/Olympus' }))).toEqual([
      'timeZone: Expected an IANA time zone such as Europe/Paris or UTC.',
    ]);
    expect(issuesOf(StartPolicy.safeParse({ kind: 'once', at: '29/03/2026 01:30', timeZone: 'UTC' }))[0]).toMatch(/^at: /);
  });

  it('validates cron patterns with croner and names the field', () => {
    expect(StartPolicy.safeParse({ kind: 'recurring', cron: '0 20 * * 5', timeZone: 'Europe/Paris' }).success).toBe(true);
    expect(issuesOf(StartPolicy.safeParse({ kind: 'recurring', cron: '61 25 * * *', timeZone: 'UTC' }))[0]).toMatch(
      /^cron: Invalid cron pattern/,
    );
    expect(issuesOf(StartPolicy.safeParse({ kind: 'recurring', cron: '0 20 * * 5', timeZone: 'Nowhere/City' }))[0]).toMatch(
      /^timeZone: Unknown time zone/,
    );
  });
});

describe('lives contract: outputs never carry a key', () => {
  it('a Live destination only has a reference and a mask', () => {
    const live = Live.parse({
      id: 'l1',
      title: 't',
      ownerId: 'local',
      source: { kind: 'testPattern' },
      destinations: [
        {
          id: 'd1',
          name: 'Twitch',
          enabled: true,
          kind: 'twitch',
          streamKey: { keyRef: 'secret:x', keyMasked: '••••ijkl', keySet: true },
        },
      ],
      encoding: { mode: 'auto' },
      loop: { kind: 'once' },
      start: { kind: 'manual' },
      end: { kind: 'none' },
      state: 'draft',
      createdAt: '2026-03-01T12:00:00.000Z',
      updatedAt: '2026-03-01T12:00:00.000Z',
    });
    expect(live.destinations[0]?.streamKey).toEqual({ keyRef: 'secret:x', keyMasked: '••••ijkl', keySet: true });
    // A plain key where the view is expected does not pass the output schema.
    const leaked = { ...live, destinations: [{ ...live.destinations[0], streamKey: 'live_123456789_abcdefghijkl' }] };
    expect(Live.safeParse(leaked).success).toBe(false);
  });

  it('a patch is partial and strict', () => {
    expect(LivePatch.parse({ title: 'New' })).toEqual({ title: 'New' });
    expect(LivePatch.safeParse({ ownerId: 'bob' }).success).toBe(false);
  });

  it('declares every lives method with one dot', () => {
    expect(Object.keys(livesMethods).every((name) => /^lives\.[A-Za-z]+$/.test(name))).toBe(true);
  });
});
