import { describe, expect, it } from 'vitest';
import { IptvFailure } from '../iptv-failure';
import { credentialsInUrl, fillTemplate, hasPlaceholders, MAX_SECRETS, SecretDictionary } from './url-template';

describe('channel URL templates', () => {
  const cases: [string, string[]][] = [
    ['http://h:8080/live/bob/pa55word/12.ts', ['bob', 'pa55word']],
    ['http://h:8080/bob/pa55word/12', ['bob', 'pa55word']],
    ['http://alice:hunter22@h/stream.m3u8', ['alice', 'hunter22']],
    ['https://cdn/x.m3u8?token=abcdef123&quality=hd', ['abcdef123']],
    ['rtmp://h/app/stream?auth=zzzz9999', ['zzzz9999']],
  ];

  it.each(cases)('takes the credentials out of %s and puts them back', (url, secrets) => {
    const dictionary = new SecretDictionary();
    const template = dictionary.templateUrl(url);
    for (const secret of secrets) expect(template).not.toContain(secret);
    expect(hasPlaceholders(template)).toBe(true);
    expect(dictionary.values).toEqual(secrets);
    expect(fillTemplate(template, dictionary.values)).toBe(url);
  });

  it("takes the playlist's own login out wherever it appears", () => {
    const known = credentialsInUrl('http://panel/get.php?username=carol&password=Sup3rSecret');
    expect(known).toEqual(['carol', 'Sup3rSecret']);
    const dictionary = new SecretDictionary(known);
    const template = dictionary.templateUrl('http://panel/hls/Sup3rSecret-carol/1.m3u8');
    expect(template).not.toContain('Sup3rSecret');
    expect(fillTemplate(template, dictionary.values)).toBe('http://panel/hls/Sup3rSecret-carol/1.m3u8');
  });

  it('keeps a URL without credentials as it is, and escapes the placeholder characters', () => {
    const dictionary = new SecretDictionary();
    expect(dictionary.templateUrl('http://h/hls/a.m3u8?x=1')).toBe('http://h/hls/a.m3u8?x=1');
    const odd = dictionary.templateUrl('http://h/\uE0000\uE001.ts');
    expect(fillTemplate(odd, [])).toBe('http://h/%EE%80%800%EE%80%81.ts');
  });

  it('keeps cookie and authorization headers whole as secrets', () => {
    const dictionary = new SecretDictionary();
    const cookie = dictionary.templateHeader('cookie', 'session=abc123');
    expect(cookie).not.toContain('abc123');
    expect(dictionary.templateHeader('user-agent', 'VLC')).toBe('VLC');
    expect(fillTemplate(cookie, dictionary.values)).toBe('session=abc123');
  });

  it('refuses a catalog with a different token on every channel', () => {
    const dictionary = new SecretDictionary();
    const fill = () => {
      for (let i = 0; i <= MAX_SECRETS; i++) dictionary.templateUrl(`http://h/${i}.m3u8?token=tok${i}xyz`);
    };
    expect(fill).toThrow(IptvFailure);
    expect(fill).toThrow(/more than 256 different credentials/);
  });

  it('says a credential is missing rather than building a broken URL', () => {
    expect(() => fillTemplate('http://h/\uE0003\uE001', ['a'])).toThrow(/missing/);
  });

  it('gives the same template for channels sharing an address prefix, and still finds a secret in the last segment', () => {
    const dictionary = new SecretDictionary(['Sup3rSecret']);
    const urls = [
      'http://h:8080/live/bob/pa55word/1.ts',
      'http://h:8080/live/bob/pa55word/2.ts',
      'http://h/hls/x/index.m3u8',
      'http://h/hls/x/Sup3rSecret.m3u8',
    ];
    const templates = urls.map((url) => dictionary.templateUrl(url));
    expect(templates[1]).toBe(templates[0]?.replace('/1.ts', '/2.ts'));
    expect(templates[3]).not.toContain('Sup3rSecret');
    expect(templates.map((t) => fillTemplate(t, dictionary.values))).toEqual(urls);
  });
});
