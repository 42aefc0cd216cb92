import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellCommand, shellQuote } from './shell-quote';

describe('shellQuote', () => {
  it('leaves plain words alone and quotes everything else', () => {
    expect(shellQuote('/home/ana/.livemanager-agent/bin/node')).toBe('/home/ana/.livemanager-agent/bin/node');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  it('gives a real shell back exactly the words, whatever they hold', () => {
    const words = ['$(touch /tmp/pwned)', '`id`', "a'b", 'x; rm -rf /', 'new\nline', '"dq"', '*', '~', '-n'];
    const echoed = execFileSync('sh', ['-c', `printf '%s\\0' ${shellCommand(words)}`]).toString();
    expect(echoed.split('\0').slice(0, -1)).toEqual(words);
  });
});
