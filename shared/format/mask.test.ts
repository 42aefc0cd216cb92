import { describe, expect, it } from 'vitest';
import { isMask, MASK, MASK_SHOWN_MAX, maskSecret } from './mask';

/** The characters of `secret` a mask still shows. */
function shownOf(mask: string): string {
  return mask.replaceAll('•', '');
}

describe('maskSecret: the one mask of the product', () => {
  it('shows only the last four characters of a long key', () => {
    expect(maskSecret('abcd-1234-efgh-5678-wxyz')).toBe('••••wxyz');
    expect(maskSecret('live_123456789_AbCdEfGhIjKlMnOp')).toBe('••••MnOp');
  });

  it('shows at most 4 characters whatever the length, and never the start of the key', () => {
    for (let length = 0; length <= 200; length += 1) {
      const secret = Array.from({ length }, (_, i) => String.fromCharCode(65 + (i % 26))).join('');
      const mask = maskSecret(secret);
      expect(shownOf(mask).length).toBeLessThanOrEqual(MASK_SHOWN_MAX);
      expect(mask.startsWith(MASK)).toBe(true);
      // Never more than a quarter of the secret.
      expect(shownOf(mask).length).toBeLessThanOrEqual(Math.floor(length / 4));
    }
  });

  it('hides a short secret entirely', () => {
    expect(maskSecret('')).toBe(MASK);
    expect(maskSecret('abc')).toBe(MASK);
    expect(maskSecret('abcdefgh')).toBe(MASK);
    expect(maskSecret('abcdefghijklmno')).toBe(MASK); // 15 characters
    expect(maskSecret('abcdefghijklmnop')).toBe('••••mnop'); // 16
  });

  it('is idempotent: a mask masked again is the same mask', () => {
    const once = maskSecret('abcd-1234-efgh-5678-wxyz');
    expect(isMask(once)).toBe(true);
    expect(maskSecret(once)).toBe(once);
    expect(maskSecret(MASK)).toBe(MASK);
    expect(isMask('••••abcde')).toBe(false);
  });
});
