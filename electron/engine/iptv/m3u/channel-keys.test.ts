import { describe, expect, it } from 'vitest';
import { ChannelKeys } from './channel-keys';

describe('M3U channel keys', () => {
  it('are the same ids as every earlier version gave (favourites and lives refer to them)', () => {
    // Values computed with the first version (FNV-1a over `tvgId NUL name NUL group`).
    const keys = new ChannelKeys();
    expect(keys.next({ tvgId: 'ch1.tv', name: 'Café Télé 1', group: 'Sports 1' })).toBe('m15vm2tl09y445i');
    expect(keys.next({ tvgId: null, name: 'News', group: null })).toBe('m183jo181jzixpr');
    expect(keys.next({ tvgId: null, name: '', group: null })).toBe('m04ufoi50mwlakk');
    expect(keys.next({ tvgId: 'x', name: 'Ωmega 😀', group: 'Grp, with comma' })).toBe('m06chapz1i82ka4');
    expect(keys.category('Sports 1')).toBe('g0rptc4t1ry0vws');
    expect(keys.category('')).toBe('g0ztntfp1kl6d44');
    expect(keys.category('Grp, with comma')).toBe('g0i926bn00zptja');
  });

  it('number a repeated channel, and tell the parts apart (not just their concatenation)', () => {
    const keys = new ChannelKeys();
    const first = keys.next({ tvgId: null, name: 'News', group: null });
    expect(keys.next({ tvgId: null, name: 'News', group: null })).toBe(`${first}-2`);
    expect(keys.next({ tvgId: null, name: 'News', group: null })).toBe(`${first}-3`);
    expect(keys.next({ tvgId: 'a', name: 'b', group: null })).not.toBe(keys.next({ tvgId: 'ab', name: '', group: null }));
  });
});
