import { describe, expect, it } from 'vitest';
import { MASK, maskSecret } from './mask';

describe('maskSecret', () => {
  it('shows the first and last four characters of a long key', () => {
    expect(maskSecret('abcd-1234-efgh-5678-wxyz')).toBe('abcd••••wxyz');
  });

  it('reveals at most a quarter of a short key', () => {
    expect(maskSecret('abcdefgh')).toBe('ab••••gh');
    expect(maskSecret('abcdefghijklmno')).toBe('ab••••no');
  });

  it('hides a very short key entirely', () => {
    expect(maskSecret('abc')).toBe(MASK);
    expect(maskSecret('')).toBe(MASK);
  });

  it('never contains the secret itself', () => {
    const key = 'live_123456789_AbCdEfGhIjKlMnOpQrStUvWx';
    expect(maskSecret(key)).not.toContain(key.slice(4, -4));
  });
});
