import { describe, expect, it } from 'vitest';
import { WarningLog } from '../catalog/warnings';
import { parseExtinf, splitStreamLine } from './extinf';
import { readLines } from './line-reader';
import { M3uParser, type M3uEntry } from './m3u-parser';

async function* bytes(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

async function parse(text: string | string[]): Promise<{ entries: M3uEntry[]; warnings: WarningLog; parser: M3uParser }> {
  const warnings = new WarningLog();
  const parser = new M3uParser(warnings);
  const entries: M3uEntry[] = [];
  for await (const batch of readLines(bytes(...(Array.isArray(text) ? text : [text])), 10_000)) {
    for (const line of batch) {
      const entry = parser.push(line);
      if (entry) entries.push(entry);
    }
  }
  parser.finish();
  return { entries, warnings, parser };
}

describe('#EXTINF', () => {
  it('reads quoted and bare attributes, commas inside quotes, and the title after the first free comma', () => {
    const line = parseExtinf(`-1 tvg-id="a.b" tvg-chno=7 group-title="News, 24h" tvg-logo='http://x/l.png',Channel, One`);
    expect(Object.fromEntries(line.attributes)).toEqual({
      'tvg-id': 'a.b',
      'tvg-chno': '7',
      'group-title': 'News, 24h',
      'tvg-logo': 'http://x/l.png',
    });
    expect(line).toMatchObject({ title: 'Channel, One', problem: null });
  });

  it('keeps what it can of a line with an unbalanced quote, and says so', () => {
    const line = parseExtinf('-1 tvg-id="x" group-title="Sport,Eurosport 2');
    expect(line.title).toBe('Eurosport 2');
    expect(line.problem).toBe('unbalanced quote in the group-title attribute');
    expect(line.attributes.get('tvg-id')).toBe('x');
  });

  it("splits Kodi's |User-Agent=…&Referer=… suffix and decodes its values", () => {
    const { url, headers } = splitStreamLine('http://h/a.m3u8?x=1|User-Agent=My%20Player/1.0&Referer=http://r/');
    expect(url).toBe('http://h/a.m3u8?x=1');
    expect(Object.fromEntries(headers)).toEqual({ 'user-agent': 'My Player/1.0', referer: 'http://r/' });
  });
});

describe('M3U parser (streamed lines)', () => {
  it('joins lines split across chunks, CRLF or LF, with a BOM, and the header’s EPG links', async () => {
    const { entries, parser } = await parse([
      '\uFEFF#EXTM3U url-tvg="http://g/1.xml,http://g/2.xml.gz"\r\n#EXTINF:-1 tvg-id="a",A\r\nhttp://h/',
      'a.ts\r\n#EXTGRP:Films\n#EXTINF:-1,B\nrtmp://h/live/b\n',
    ]);
    expect(parser.epgUrls).toEqual(['http://g/1.xml', 'http://g/2.xml.gz']);
    expect(entries.map((e) => [e.name, e.url, e.group])).toEqual([
      ['A', 'http://h/a.ts', null],
      ['B', 'rtmp://h/live/b', 'Films'],
    ]);
  });

  it('applies #EXTVLCOPT headers to the next entry only', async () => {
    const { entries } = await parse(
      '#EXTINF:-1,A\n#EXTVLCOPT:http-user-agent=UA1\n#EXTVLCOPT:http-referrer=http://r/\nhttp://h/a\n#EXTINF:-1,B\nhttp://h/b\n',
    );
    expect(Object.fromEntries(entries[0]?.headers ?? [])).toEqual({ 'user-agent': 'UA1', referer: 'http://r/' });
    expect(entries[1]?.headers.size).toBe(0);
  });

  it('keeps URLs of several KB whole', async () => {
    const url = `https://cdn.example/live.m3u8?sig=${'a'.repeat(6000)}`;
    const { entries } = await parse(`#EXTINF:-1,Long\n${url}\n`);
    expect(entries[0]?.url).toBe(url);
  });

  it('skips, and reports by line, what it cannot use', async () => {
    const { entries, warnings } = await parse(
      [
        '#EXTM3U',
        '#EXTINF:-1,Local',
        'file:///etc/passwd',
        '#EXTINF:-1,Concat',
        'concat:/a|/b',
        '#EXTINF:-1,Spaces',
        'http://h/a b',
        `#EXTINF:-1,${'x'.repeat(12_000)}`,
        'http://h/ok',
        'http://h/bare/path.ts',
        '#EXTINF:-1,Dangling',
      ].join('\n'),
    );
    expect(entries.map((e) => e.name)).toEqual(['ok', 'path.ts']);
    expect(warnings.summary().examples).toEqual([
      {
        line: 3,
        message:
          'stream URL refused: the URL must start with http://, https://, rtmp://, rtmps:// or srt:// (lower case) and name a host',
      },
      {
        line: 5,
        message:
          'stream URL refused: the URL must start with http://, https://, rtmp://, rtmps:// or srt:// (lower case) and name a host',
      },
      { line: 7, message: 'stream URL refused: the URL contains a space or a backslash' },
      { line: 8, message: 'line too long, skipped' },
      { line: 9, message: 'stream URL without #EXTINF, named after its address' },
      { line: 10, message: 'stream URL without #EXTINF, named after its address' },
      { line: 11, message: '#EXTINF without a stream URL after it, skipped' },
    ]);
  });
});
