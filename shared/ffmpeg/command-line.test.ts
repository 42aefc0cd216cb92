import { describe, expect, it } from 'vitest';
import { formatCommandLine, quoteArg } from './command-line';

describe('formatCommandLine', () => {
  it('quotes only what a POSIX shell would split or expand', () => {
    expect(quoteArg('-c:v')).toBe('-c:v');
    expect(quoteArg('/videos/my show.mp4')).toBe("'/videos/my show.mp4'");
    expect(quoteArg("it's")).toBe("'it'\\''s'");
    expect(quoteArg('expr:gte(t,n_forced*2)')).toBe("'expr:gte(t,n_forced*2)'");
    expect(quoteArg('$HOME')).toBe("'$HOME'");
    expect(quoteArg('')).toBe("''");
  });

  it('masks keys, whether known or only recognisable in a URL', () => {
    const key = 'abcd-efgh-ijkl-mnop';
    expect(formatCommandLine('ffmpeg', ['-i', "/v/it's.mp4", '-f', 'flv', `rtmp://a.rtmp.youtube.com/live2/${key}`], [key])).toBe(
      "ffmpeg -i '/v/it'\\''s.mp4' -f flv 'rtmp://a.rtmp.youtube.com/live2/••••mnop'",
    );
    expect(formatCommandLine('ffmpeg', ['-i', 'http://u:secretpass@h/x.ts'])).toBe("ffmpeg -i 'http://u:••••@h/x.ts'");
  });
});
