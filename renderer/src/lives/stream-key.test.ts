import { describe, expect, it } from 'vitest';
import { cleanStreamKey } from './stream-key';

describe('a pasted stream key', () => {
  it('loses the spaces, tabs and line breaks copied around or inside it', () => {
    expect(cleanStreamKey('  live_123_AbCd \n')).toBe('live_123_AbCd');
    expect(cleanStreamKey('abcd-efgh\r\n-ijkl\t')).toBe('abcd-efgh-ijkl');
    expect(cleanStreamKey('')).toBe('');
  });
});
