import { describe, expect, it } from 'vitest';
import { MASK } from './mask';
import { credentialScope, hasMaskedPassword, revealUrlPassword, splitUrlPassword } from './url-credentials';

describe('URL passwords: taken out, masked, put back', () => {
  it('takes the password out of the userinfo and masks it in place', () => {
    expect(splitUrlPassword('rtmp://user:s3cret-pass@ingest.example.com:1935/app')).toEqual({
      kind: 'new',
      url: `rtmp://user:${MASK}@ingest.example.com:1935/app`,
      password: 's3cret-pass',
    });
    expect(revealUrlPassword(`rtmp://user:${MASK}@ingest.example.com:1935/app`, 's3cret-pass')).toBe(
      'rtmp://user:s3cret-pass@ingest.example.com:1935/app',
    );
  });

  it('finds the userinfo as FFmpeg does: up to the last @ of the authority, text kept as typed', () => {
    const url = 'http://alice:p@ss:w%2Frd@iptv.example.com/live/1.ts?token=a@b';
    const split = splitUrlPassword(url);
    expect(split).toEqual({
      kind: 'new',
      url: `http://alice:${MASK}@iptv.example.com/live/1.ts?token=a@b`,
      password: 'p@ss:w%2Frd',
    });
    expect(revealUrlPassword(split.url, 'p@ss:w%2Frd')).toBe(url);
    // An @ after the path is not userinfo.
    expect(splitUrlPassword('http://iptv.example.com/a:b@c')).toMatchObject({ kind: 'none' });
  });

  it('leaves URLs without a password alone (no userinfo, a user alone, an empty password)', () => {
    for (const url of [
      'rtmp://ingest.example.com/app',
      'rtmp://user@ingest.example.com/app',
      'rtmp://user:@h/app',
      'not a url',
    ]) {
      expect(splitUrlPassword(url)).toEqual({ kind: 'none', url });
      expect(splitUrlPassword(url).url).toBe(url);
    }
  });

  it('recognises a URL sent back with the mask, to keep the stored password', () => {
    const masked = splitUrlPassword('srt://u:pw-0123456789@h:9000?latency=200').url;
    expect(masked).toBe(`srt://u:${MASK}@h:9000?latency=200`);
    expect(hasMaskedPassword(masked)).toBe(true);
    expect(splitUrlPassword(masked)).toEqual({ kind: 'masked', url: masked });
    expect(hasMaskedPassword('srt://u:pw@h:9000')).toBe(false);
  });

  it('a stored password belongs to its scheme, user, host and port, not to the path', () => {
    const scope = credentialScope(`rtmp://user:${MASK}@Ingest.Example.com:1935/app`);
    expect(credentialScope(`rtmp://user:${MASK}@ingest.example.com:1935/other-app?x=1`)).toBe(scope);
    expect(credentialScope(`rtmp://user:${MASK}@evil.example.com:1935/app`)).not.toBe(scope);
    expect(credentialScope(`rtmp://user:${MASK}@ingest.example.com:1936/app`)).not.toBe(scope);
    expect(credentialScope(`rtmp://other:${MASK}@ingest.example.com:1935/app`)).not.toBe(scope);
    expect(credentialScope(`rtmps://user:${MASK}@ingest.example.com:1935/app`)).not.toBe(scope);
  });
});
