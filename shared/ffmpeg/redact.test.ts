import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact';

const KEY = 'abcd-efgh-ijkl-mnop-wxyz';

describe('redactSecrets: stream keys in RTMP paths', () => {
  it('masks the key after the application', () => {
    expect(redactSecrets(`rtmp://a.rtmp.youtube.com/live2/${KEY}`)).toBe('rtmp://a.rtmp.youtube.com/live2/••••wxyz');
  });

  it('masks rtmps with a port, and keeps the sentence after the key', () => {
    expect(redactSecrets(`rtmps://live-api-s.facebook.com:443/rtmp/${KEY}: Input/output error`)).toBe(
      'rtmps://live-api-s.facebook.com:443/rtmp/••••wxyz: Input/output error',
    );
  });

  it("masks YouTube backup's key placed after ?backup=1", () => {
    expect(redactSecrets(`rtmp://b.rtmp.youtube.com/live2?backup=1/${KEY}`)).toBe(
      'rtmp://b.rtmp.youtube.com/live2?backup=1/••••wxyz',
    );
  });

  it('masks secrets in the query string but keeps short flags', () => {
    const fb = `rtmps://live-api-s.facebook.com:443/rtmp/FB-1234567890-0-AbCdEfGh?s_bl=1&s_sc=1234567890&a=AbXyZ0123456789`;
    const out = redactSecrets(fb);
    expect(out).not.toContain('AbCdEf');
    expect(out).not.toContain('AbXyZ0123456789');
    expect(out).toContain('s_bl=1');
    expect(out).toBe('rtmps://live-api-s.facebook.com:443/rtmp/••••EfGh?s_bl=1&s_sc=••••&a=••••');
  });

  it('masks inside quotes, several URLs per line, and any letter case', () => {
    const line = `Output #0, flv, to 'rtmp://h/app/${KEY}': and "RTMP://H2/App/another-secret-key-123"`;
    const out = redactSecrets(line);
    expect(out).toBe(`Output #0, flv, to 'rtmp://h/app/••••wxyz': and "RTMP://H2/App/••••-123"`);
  });

  it('masks every path segment after the application (app/instance/key)', () => {
    expect(redactSecrets('rtmp://h/app/inst/secretkey-0123456789')).toBe('rtmp://h/app/••••/••••6789');
  });

  it('masks SRT stream ids and passphrases', () => {
    const out = redactSecrets(
      'srt://ingest.example.com:9000?streamid=#!::r=live/sk-0123456789abc,m=publish&passphrase=hunter2hunter2',
    );
    expect(out).not.toContain('sk-0123456789abc');
    expect(out).not.toContain('hunter2hunter2');
  });
});

describe('redactSecrets: passwords in URLs', () => {
  it('masks user:password@', () => {
    expect(redactSecrets('http://alice:s3cr3t-pass@iptv.example.com:8080/get.php')).toBe(
      'http://alice:••••@iptv.example.com:8080/get.php',
    );
  });

  it('masks Xtream live, movie and short paths', () => {
    expect(redactSecrets('http://iptv.example.com:8080/live/alice/p4ssw0rd/12345.ts')).toBe(
      'http://iptv.example.com:8080/live/alice/••••/12345.ts',
    );
    expect(redactSecrets('http://iptv.example.com/movie/alice/p4ssw0rd/777.mkv')).toBe(
      'http://iptv.example.com/movie/alice/••••/777.mkv',
    );
    expect(redactSecrets('http://iptv.example.com:8080/alice/p4ssw0rd/12345')).toBe(
      'http://iptv.example.com:8080/alice/••••/12345',
    );
  });

  it('masks password= and token= parameters, keeps the user name', () => {
    expect(redactSecrets('GET /player_api.php?username=alice&password=p4ssw0rd&action=get_live_streams')).toBe(
      'GET /player_api.php?username=alice&password=••••&action=get_live_streams',
    );
    expect(redactSecrets('https://cdn.example.com/x.m3u8?token=eyJhbGciOi.abc')).toBe(
      'https://cdn.example.com/x.m3u8?token=••••',
    );
  });
});

describe('redactSecrets: hostile inputs', () => {
  it('masks known secrets anywhere, even outside URLs and URL-encoded', () => {
    const key = 'live_1234567_AbCdEfGhIj$^*';
    const out = redactSecrets(`key=${key} raw ${key} encoded ${encodeURIComponent(key)}`, [key]);
    expect(out).not.toContain('AbCdEfGhIj');
    expect(out).toBe('key=••••j$^* raw ••••j$^* encoded ••••j$^*');
  });

  it('treats regex characters in a known secret literally', () => {
    expect(redactSecrets('a.*b+c?(d)[e]{f}|g is here', ['a.*b+c?(d)[e]{f}|g'])).toBe('••••f}|g is here');
  });

  it('is idempotent', () => {
    const line = `rtmp://h/app/${KEY}?a=AbXyZ0123456789 http://u:p@h/live/u/p/1.ts password=x`;
    const once = redactSecrets(line, [KEY]);
    expect(redactSecrets(once, [KEY])).toBe(once);
  });

  it('stays fast on a huge line without separators', () => {
    const huge = `rtmp://h/app/${'x'.repeat(200_000)}`;
    const start = performance.now();
    const out = redactSecrets(huge);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(out).toBe('rtmp://h/app/••••xxxx');
  });

  it('leaves ordinary lines alone', () => {
    const line = 'Stream #0:0: Video: h264 (High), yuv420p, 1280x720, 30 fps';
    expect(redactSecrets(line)).toBe(line);
  });
});

describe('redactSecrets: what a mask may show', () => {
  it('leaves at most the last 4 characters of any key in a log line or command, never its start', () => {
    const keys = ['Qk7v_123456789_AbCdEfGhIjKlMnOp', 'Wq8xdefghijklmnop', 'Xs3short-k1', 'Zq'.repeat(32) + 'end9'];
    for (const key of keys) {
      const lines = [
        `[flv @ 0x1] Opening 'rtmp://a.rtmp.youtube.com/live2/${key}' for writing`,
        `rtmps://live-api-s.facebook.com:443/rtmp/${key}?s_sc=${key}: Input/output error`,
        `Server refused ${key}`,
      ];
      for (const line of lines) {
        const out = redactSecrets(line, [key]);
        // No 5 consecutive characters of the key survive, anywhere.
        for (let i = 0; i + 5 <= key.length; i += 1) expect(out).not.toContain(key.slice(i, i + 5));
        expect(out).not.toContain(key.slice(0, 4));
      }
    }
  });
});

describe('redactSecrets: URL passwords holding an @', () => {
  it('masks up to the last @ of the authority, as FFmpeg splits it', () => {
    expect(redactSecrets('Opening http://alice:p@ss@iptv.example.com/x.ts for reading')).toBe(
      'Opening http://alice:••••@iptv.example.com/x.ts for reading',
    );
  });
});
