import { describe, expect, it } from 'vitest';
import { MASK } from './mask';
import {
  credentialScope,
  decodeUrlSecret,
  encodeUrlSecret,
  hasMaskedCredentials,
  revealUrlCredentials,
  splitUrlCredentials,
  urlSecretValues,
} from './url-credentials';

const M = MASK;

describe('URL credentials: taken out, masked, put back', () => {
  it('takes the user name and password out of the userinfo and masks both in place', () => {
    const split = splitUrlCredentials('rtmp://user:s3cret-pass@ingest.example.com:1935/app');
    expect(split).toEqual({
      url: `rtmp://${M}:${M}@ingest.example.com:1935/app`,
      clear: { user: 'user', password: 's3cret-pass' },
      masked: [],
    });
    expect(revealUrlCredentials(split.url, encodeUrlSecret(split.clear))).toBe(
      'rtmp://user:s3cret-pass@ingest.example.com:1935/app',
    );
  });

  it('finds the userinfo as FFmpeg does: up to the last @ of the authority, text kept as typed', () => {
    const url = 'http://alice:p@ss:w%2Frd@iptv.example.com/live/1.ts?token=a@b';
    const split = splitUrlCredentials(url);
    expect(split.url).toBe(`http://${M}:${M}@iptv.example.com/live/1.ts?token=${M}`);
    expect(split.clear).toEqual({ user: 'alice', password: 'p@ss:w%2Frd', 'query:token': 'a@b' });
    expect(revealUrlCredentials(split.url, encodeUrlSecret(split.clear))).toBe(url);
    // An @ after the path is not userinfo.
    expect(splitUrlCredentials('http://iptv.example.com/a:b@c').clear).toEqual({});
  });

  it('masks SRT passphrase and streamid, query tokens (any case, repeated) and nothing else of the query', () => {
    const url = 'srt://ingest.example.com:9000?latency=200&passphrase=VeryLongPassphrase1&streamid=#!::r=live/k,m=publish';
    const split = splitUrlCredentials(url);
    expect(split.url).toBe(`srt://ingest.example.com:9000?latency=200&passphrase=${M}&streamid=${M}`);
    expect(revealUrlCredentials(split.url, encodeUrlSecret(split.clear))).toBe(url);
    const http = 'https://cdn.example.com/x.m3u8?Token=t1&key=k1&auth=a1&password=p1&pass=p2&token=t2&quality=hd&empty=';
    const masked = splitUrlCredentials(http);
    expect(masked.url).toBe(
      `https://cdn.example.com/x.m3u8?Token=${M}&key=${M}&auth=${M}&password=${M}&pass=${M}&token=${M}&quality=hd&empty=`,
    );
    expect(Object.values(masked.clear).sort()).toEqual(['a1', 'k1', 'p1', 'p2', 't1', 't2']);
    expect(revealUrlCredentials(masked.url, encodeUrlSecret(masked.clear))).toBe(http);
  });

  it('masks Xtream path credentials (/live/<user>/<pass>/…) but not an ordinary path', () => {
    const url = 'http://xtream.example.com:8080/live/jdoe/Xtr3amPass/1234.ts';
    const split = splitUrlCredentials(url);
    expect(split.url).toBe(`http://xtream.example.com:8080/live/${M}/${M}/1234.ts`);
    expect(split.clear).toEqual({ 'path:user': 'jdoe', 'path:password': 'Xtr3amPass' });
    expect(revealUrlCredentials(split.url, encodeUrlSecret(split.clear))).toBe(url);
    expect(splitUrlCredentials('rtmp://ingest.example.com/live/stream').clear).toEqual({});
  });

  it('leaves URLs without credentials alone (no userinfo, empty parts, not a URL)', () => {
    for (const url of ['rtmp://ingest.example.com/app', 'rtmp://:@h/app', 'http://h/a?token=', 'not a url']) {
      expect(splitUrlCredentials(url)).toEqual({ url, clear: {}, masked: [] });
    }
  });

  it('recognises parts sent back masked, next to parts typed in clear', () => {
    const masked = splitUrlCredentials('srt://u:pw-0123456789@h:9000?latency=200').url;
    expect(masked).toBe(`srt://${M}:${M}@h:9000?latency=200`);
    expect(hasMaskedCredentials(masked)).toBe(true);
    expect(splitUrlCredentials(masked)).toEqual({ url: masked, clear: {}, masked: ['user', 'password'] });
    expect(splitUrlCredentials(`srt://${M}:${M}@h:9000?passphrase=NewOne12345`)).toMatchObject({
      clear: { 'query:passphrase': 'NewOne12345' },
      masked: ['user', 'password'],
    });
    expect(hasMaskedCredentials('srt://u:pw@h:9000')).toBe(false);
  });

  it('reads a secret stored by an older engine (the bare password)', () => {
    expect(decodeUrlSecret('old-password')).toEqual({ password: 'old-password' });
    expect(decodeUrlSecret('{not json')).toEqual({ password: '{not json' });
    expect(revealUrlCredentials(`rtmp://bob:${M}@h/app`, 'old-password')).toBe('rtmp://bob:old-password@h/app');
    expect(urlSecretValues(encodeUrlSecret({ user: 'u', 'query:token': 't' })).sort()).toEqual(['t', 'u']);
  });

  it('stored credentials belong to their scheme, user as shown, host and port, not to the path', () => {
    const scope = credentialScope(`rtmp://${M}:${M}@Ingest.Example.com:1935/app`);
    expect(credentialScope(`rtmp://${M}:${M}@ingest.example.com:1935/other-app?x=1`)).toBe(scope);
    expect(credentialScope(`rtmp://${M}:${M}@evil.example.com:1935/app`)).not.toBe(scope);
    expect(credentialScope(`rtmp://${M}:${M}@ingest.example.com:1936/app`)).not.toBe(scope);
    expect(credentialScope(`rtmp://other:${M}@ingest.example.com:1935/app`)).not.toBe(scope);
    expect(credentialScope(`rtmps://${M}:${M}@ingest.example.com:1935/app`)).not.toBe(scope);
  });
});
