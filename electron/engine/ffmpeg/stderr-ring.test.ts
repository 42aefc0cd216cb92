import { describe, expect, it } from 'vitest';
import { StderrRing } from './stderr-ring';

const KEY = 'live_987654321_ZyXwVuTsRq';

describe('StderrRing', () => {
  it('keeps only the last 200 lines, oldest first', () => {
    const ring = new StderrRing();
    for (let i = 1; i <= 250; i++) ring.push(`line ${i}\n`);
    const tail = ring.tail();
    expect(tail).toHaveLength(200);
    expect(tail[0]).toBe('line 51');
    expect(tail.at(-1)).toBe('line 250');
    expect(ring.tail(3)).toEqual(['line 248', 'line 249', 'line 250']);
  });

  it('reassembles lines split across chunks (also inside a key) before redacting', () => {
    const ring = new StderrRing(200, [KEY]);
    const text = `[flv @ 0x1] Opening 'rtmp://ingest/app/${KEY}' for writing\rsecond\r\nthird\n`;
    for (const char of text) ring.push(char);
    expect(ring.tail()).toEqual(["[flv @ 0x1] Opening 'rtmp://ingest/app/••••TsRq' for writing", 'second', 'third']);
    expect(ring.tail().join('\n')).not.toContain(KEY);
  });

  it('redacts URL secrets even when the key is not known by value', () => {
    const ring = new StderrRing();
    ring.push('http://user:pa55word@iptv.example.com/live/user/pa55word/42.ts: Server returned 403 Forbidden\n');
    expect(ring.tail()[0]).toBe('http://user:••••@iptv.example.com/live/user/••••/42.ts: Server returned 403 Forbidden');
  });

  it('flushes an unterminated last line at the end', () => {
    const ring = new StderrRing();
    ring.push('Conversion failed!');
    expect(ring.tail()).toEqual([]);
    ring.end();
    expect(ring.tail()).toEqual(['Conversion failed!']);
  });

  it('cuts hostile endless lines instead of growing without bound', () => {
    const ring = new StderrRing(200, [KEY]);
    ring.push(`rtmp://h/app/${KEY}${'A'.repeat(10_000)}`);
    ring.push('\n');
    const lines = ring.tail();
    expect(lines.every((line) => line.length <= 2001)).toBe(true);
    expect(lines.join('')).not.toContain(KEY);
  });

  it('hands each redacted line to a listener (for run.log events)', () => {
    const seen: string[] = [];
    const ring = new StderrRing(200, [KEY], (line) => seen.push(line));
    ring.push(`a ${KEY}\nb\n`);
    expect(seen).toEqual(['a ••••TsRq', 'b']);
  });
});

describe('StderrRing: a key straddling the cut of an endless line', () => {
  it('never shows any part of the key', () => {
    const ring = new StderrRing(200, [KEY]);
    const filler = 'x'.repeat(1990);
    // The key starts 10 characters before the 2000-character cut and arrives in small chunks.
    const text = `${filler} ${KEY} tail\nnext line\n`;
    for (let i = 0; i < text.length; i += 7) ring.push(text.slice(i, i + 7));
    const all = ring.tail().join('\n');
    expect(all).not.toContain('live_9');
    expect(all).not.toContain('ZyXwVu');
    expect(ring.tail().at(-1)).toBe('next line');
  });
});
