import { describe, expect, it } from 'vitest';
import type { Provider } from '@shared/contract/iptv';
import { catalogSourceOf, emptyProviderForm, formOfProvider, providerInputOf, providerPatchOf } from './provider-form';

const saved = {
  id: 'p1',
  kind: 'm3u',
  name: 'Home',
  source: 'http://iptv.example/get.php?username=me&password=••••',
  username: null,
  epg: ['http://iptv.example/xmltv.php?password=••••'],
  userAgent: null,
  maxConnections: 2,
  refreshIntervalMinutes: 720,
} as unknown as Provider;

describe('the provider form', () => {
  it('an absolute path is a file on the engine’s machine, anything else a URL', () => {
    expect(catalogSourceOf(' /srv/tv/list.m3u ')).toEqual({ file: '/srv/tv/list.m3u' });
    expect(catalogSourceOf('C:\\tv\\list.m3u')).toEqual({ file: 'C:\\tv\\list.m3u' });
    expect(catalogSourceOf('http://x/list.m3u')).toEqual({ url: 'http://x/list.m3u' });
  });

  it('builds an Xtream provider and an M3U one (hours → minutes, empty limit → none)', () => {
    const xtream = { ...emptyProviderForm(), name: 'Panel', serverUrl: ' http://panel:8080 ', username: 'u', password: 'p' };
    expect(providerInputOf(xtream)).toEqual({
      kind: 'xtream',
      name: 'Panel',
      serverUrl: 'http://panel:8080',
      username: 'u',
      password: 'p',
      epg: [],
      userAgent: null,
      refreshIntervalMinutes: 1440,
    });
    const m3u = { ...emptyProviderForm(), kind: 'm3u' as const, name: 'List', playlist: 'http://x/l.m3u', refreshHours: '6' };
    expect(providerInputOf(m3u)).toMatchObject({
      kind: 'm3u',
      playlist: { url: 'http://x/l.m3u' },
      maxConnections: null,
      refreshIntervalMinutes: 360,
    });
  });

  it('an edit sends only what changed: masked addresses never go back, an empty password keeps the stored one', () => {
    const initial = formOfProvider(saved);
    expect(initial).toMatchObject({ refreshHours: '12', maxConnections: '2', password: '' });
    expect(providerPatchOf(initial, initial)).toEqual({});
    expect(providerPatchOf({ ...initial, name: 'Living room', maxConnections: '' }, initial)).toEqual({
      name: 'Living room',
      maxConnections: null,
    });
    expect(providerPatchOf({ ...initial, playlist: 'http://other/list.m3u' }, initial)).toEqual({
      playlist: { url: 'http://other/list.m3u' },
    });
  });
});
