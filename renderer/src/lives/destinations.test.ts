import type { Destination } from '@shared/contract/lives';
import { describe, expect, it } from 'vitest';
import { destinationsMissingKey, distinctName, draftLacksKey, publicDestinations } from './destinations';

const NO_KEY = { keyRef: null, keyMasked: null, keySet: false } as const;
const KEY = { keyRef: 'secret:1', keyMasked: 'live••••WXYZ', keySet: true } as const;
const dest = (id: string, kind: Destination['kind'], streamKey: Destination['streamKey'], enabled = true): Destination => ({
  id,
  name: id,
  kind,
  enabled,
  streamKey,
});

describe('destinations that need attention', () => {
  it('flags enabled platform destinations without a key, never the preview or a disabled one', () => {
    const live = {
      destinations: [
        dest('twitch', 'twitch', NO_KEY),
        dest('yt', 'youtube-primary', KEY),
        dest('preview', 'hls-local', NO_KEY),
        dest('off', 'custom-rtmp', NO_KEY, false),
      ],
    };
    expect(destinationsMissingKey(live).map((d) => d.id)).toEqual(['twitch']);
    expect(publicDestinations(live).map((d) => d.id)).toEqual(['twitch', 'yt']);
    expect(publicDestinations({ destinations: [dest('preview', 'hls-local', NO_KEY)] })).toEqual([]);
  });

  it('knows in the dialog when a row has neither a typed nor a stored key', () => {
    const row = { kind: 'twitch' as const, enabled: true, streamKey: '  ', keyMasked: null };
    expect(draftLacksKey(row)).toBe(true);
    expect(draftLacksKey({ ...row, streamKey: 'abc' })).toBe(false);
    expect(draftLacksKey({ ...row, keyMasked: 'ab••••cd' })).toBe(false);
    expect(draftLacksKey({ ...row, kind: 'hls-local' })).toBe(false);
    expect(draftLacksKey({ ...row, enabled: false })).toBe(false);
  });
});

describe('distinctName', () => {
  it('numbers a default name already taken', () => {
    expect(distinctName('RTMP server', [])).toBe('RTMP server');
    expect(distinctName('RTMP server', ['Preview', 'RTMP server'])).toBe('RTMP server 2');
    expect(distinctName('RTMP server', ['rtmp server', 'RTMP server 2'])).toBe('RTMP server 3');
  });
});
