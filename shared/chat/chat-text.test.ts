import { describe, expect, it } from 'vitest';
import { chatSegments, cleanMessage, cleanName, containsFilteredWord, nameSkeleton } from './chat-text';

describe('chat text', () => {
  it('keeps a message as plain text: HTML stays the characters it is, controls and direction marks go', () => {
    expect(cleanMessage('<img src=x onerror=alert(1)>')).toEqual({ ok: true, text: '<img src=x onerror=alert(1)>' });
    expect(cleanMessage('a\u0000b\u202Ec\u200Bd\r\ne')).toEqual({ ok: true, text: 'abcd e' });
    expect(cleanMessage(' \n\t ')).toEqual({ ok: false, problem: 'empty' });
  });

  it('refuses messages past 500 characters, zalgo and oversized glyph runs', () => {
    expect(cleanMessage('a'.repeat(500))).toMatchObject({ ok: true });
    expect(cleanMessage('a'.repeat(501))).toEqual({ ok: false, problem: 'tooLong' });
    expect(cleanMessage('😀'.repeat(500))).toMatchObject({ ok: true });
    expect(cleanMessage('he\u0301\u0302\u0303\u0304llo')).toEqual({ ok: false, problem: 'unreadable' });
    expect(cleanMessage('Tiếng Việt')).toMatchObject({ ok: true });
    expect(cleanMessage('\uFDFD'.repeat(4))).toEqual({ ok: false, problem: 'unreadable' });
  });

  it('finds http(s) links only, without their trailing punctuation', () => {
    expect(chatSegments('see https://example.com/a?b=1, and www.example.org.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', and ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org' },
      { kind: 'text', text: '.' },
    ]);
    expect(chatSegments('javascript:alert(1) data:text/html,x')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) data:text/html,x' },
    ]);
  });

  it('folds names to one skeleton and reserves the staff words', () => {
    expect(nameSkeleton('A1ice')).toBe(nameSkeleton('alice'));
    expect(nameSkeleton('Mod_Bob')).toBe(nameSkeleton('m0d bob'));
    expect(cleanName('Modeste')).toEqual({ ok: true, name: 'Modeste' });
    expect(cleanName('mod bob')).toEqual({ ok: false, problem: 'reserved' });
  });

  it('filters whole words, whatever their case or look-alike digits', () => {
    expect(containsFilteredWord('what an IDIOT', ['idiot'])).toBe(true);
    expect(containsFilteredWord('what an 1d10t', ['idiot'])).toBe(true);
    expect(containsFilteredWord('idiotic', ['idiot'])).toBe(false);
  });
});
