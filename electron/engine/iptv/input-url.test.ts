import { describe, expect, it } from 'vitest';
import { checkFetchUrl, checkStreamUrl, RememberedUrlChecks } from './input-url';

describe('remembered URL checks', () => {
  const urls = [
    'http://host.example/live/u/p/1.ts',
    'http://host.example/live/u/p/2.ts',
    'http://host.example/live/u/p/3 .ts',
    'http://host.example/live/u/p/4\\.ts',
    'http://host.example/live/u/p/5\u0000.ts',
    'http://ab',
    'http://a%b',
    'http://a~b',
    'http://h.example/?mode=listener/x',
    'http://h.example/?mode=listener/y',
    'srt://h.example:9000/a?mode=caller/b',
    'srt://h.example:9000/a?mode=listener/b',
    'http://h.example/a#x/1',
    'file:///etc/passwd',
    'file://host/etc/passwd',
    'udp://h.example/1',
    'http:///1',
    'http://h.example/x/',
    'https://user:pass@h.example/x/1.m3u8',
    'https://user:pass@bad host/x/1.m3u8',
  ];

  it('answer exactly as the check itself, URL after URL, whatever the order', () => {
    for (const check of [checkStreamUrl, checkFetchUrl]) {
      for (const order of [urls, [...urls].reverse()]) {
        const remembered = new RememberedUrlChecks(check);
        for (const url of order) expect(remembered.check(url), url).toEqual(check(url));
      }
    }
  });

  it('check each address prefix once for a playlist’s plain last segments', () => {
    let calls = 0;
    const remembered = new RememberedUrlChecks((raw) => {
      calls++;
      return checkStreamUrl(raw);
    });
    for (let i = 0; i < 1000; i++) expect(remembered.check(`http://h.example/live/u/p/${i}.ts`).ok).toBe(true);
    expect(calls).toBe(1);
    // A segment with a character the check reads is checked on its own.
    expect(remembered.check('http://h.example/live/u/p/a b.ts').ok).toBe(false);
    expect(calls).toBe(2);
  });
});
