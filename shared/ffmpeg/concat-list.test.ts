import { describe, expect, it } from 'vitest';
import { buildConcatList, buildResumedConcatList, SourceArgsError } from './source-args';

describe('buildConcatList: the one ffconcat writer', () => {
  it('writes one single-quoted file line per path', () => {
    expect(buildConcatList(['/v/a.mp4', '/v/b c.mp4'])).toBe("ffconcat version 1.0\nfile '/v/a.mp4'\nfile '/v/b c.mp4'\n");
  });

  it("escapes a quote the ffconcat way (close, \\', reopen) and keeps backslashes literal inside quotes", () => {
    expect(buildConcatList(["/v/it's here.mp4"])).toBe("ffconcat version 1.0\nfile '/v/it'\\''s here.mp4'\n");
    expect(buildConcatList(['C:\\videos\\a.mp4', '\\\\nas\\share\\b.mp4'])).toBe(
      "ffconcat version 1.0\nfile 'C:\\videos\\a.mp4'\nfile '\\\\nas\\share\\b.mp4'\n",
    );
    // A backslash right before a quote must not escape the closing quote.
    expect(buildConcatList(["/v/odd\\'name.mp4"])).toBe("ffconcat version 1.0\nfile '/v/odd\\'\\''name.mp4'\n");
  });

  it('refuses every control character, so no path can start a new directive', () => {
    const hostile = [
      "/v/a.mp4'\nfile 'file:/etc/hostname",
      '/v/a.mp4\nfile file:/etc/hostname',
      '/v/a.mp4\rfile file:/etc/hostname',
      '/v/a\0.mp4',
      '/v/a\t.mp4',
      '/v/a\u007f.mp4',
      '/v/a\u0085.mp4', // NEL, a C1 control
      '/v/a\u2028file file:/etc/hostname',
    ];
    for (const path of hostile) {
      expect(() => buildConcatList(['/v/ok.mp4', path]), JSON.stringify(path)).toThrow(SourceArgsError);
      expect(() => buildConcatList([path]), JSON.stringify(path)).toThrow(/control character/);
    }
    expect(() => buildConcatList([])).toThrow(/at least one/);
  });

  it('a resumed list goes through the same writer (same refusals)', () => {
    expect(buildResumedConcatList(["/v/it's.mp4", '/v/b.mp4'], [10, 10], 12)).toBe(
      "ffconcat version 1.0\nfile '/v/b.mp4'\ninpoint 2.000\n",
    );
    expect(() => buildResumedConcatList(['/v/a.mp4\nfile /etc/hostname'], [10], 1)).toThrow(SourceArgsError);
  });
});
