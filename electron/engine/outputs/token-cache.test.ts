import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from './token-cache';
import { signViewerToken, verifyViewerToken, type TokenKeys } from './viewer-tokens';

/** Keys as the signing-keys store holds them: a current one, and others that may be dropped. */
function keyring(): TokenKeys & { rotate(): void; drop(kid: string): void } {
  const keys = new Map<string, Buffer>([['k1', randomBytes(32)]]);
  let current = 'k1';
  return {
    current: () => ({ kid: current, key: keys.get(current)! }),
    byId: (kid) => keys.get(kid),
    rotate() {
      current = `k${keys.size + 1}`;
      keys.set(current, randomBytes(32));
    },
    drop: (kid) => void keys.delete(kid),
  };
}

const HOUR = 3600_000;

describe('verified viewer tokens', () => {
  it('computes one signature check per token, not one per request', () => {
    const keys = keyring();
    let hmacs = 0;
    const cache = new VerifiedTokens(keys, (text, k, now) => {
      hmacs++;
      return verifyViewerToken(text, k, now);
    });
    const now = Date.now();
    const token = signViewerToken({ kind: 'link', outputId: 'o1', linkId: 'l1', expiresAt: now + HOUR }, keys);
    for (let i = 0; i < 500; i++) expect(cache.check(token, now + i)).toMatchObject({ ok: true, token: { linkId: 'l1' } });
    expect(hmacs).toBe(1);
    expect(cache.computed).toBe(1);
  });

  it('refuses a remembered token once it expires, and once its key is dropped', () => {
    const keys = keyring();
    const cache = new VerifiedTokens(keys);
    const now = Date.now();
    const token = signViewerToken({ kind: 'link', outputId: 'o1', linkId: 'l1', expiresAt: now + HOUR }, keys);
    expect(cache.check(token, now).ok).toBe(true);
    expect(cache.check(token, now + HOUR + 1000)).toEqual({ ok: false, problem: 'expired' });

    const other = signViewerToken({ kind: 'link', outputId: 'o1', linkId: 'l2', expiresAt: now + HOUR }, keys);
    expect(cache.check(other, now).ok).toBe(true);
    keys.rotate();
    // Rotation keeps the previous key: still good.
    expect(cache.check(other, now).ok).toBe(true);
    keys.drop('k1');
    expect(cache.check(other, now)).toEqual({ ok: false, problem: 'forged' });
  });

  it('never remembers a forged token', () => {
    const keys = keyring();
    const cache = new VerifiedTokens(keys);
    const now = Date.now();
    const token = signViewerToken({ kind: 'link', outputId: 'o1', linkId: 'l1', expiresAt: now + HOUR }, keys);
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(cache.check(forged, now).ok).toBe(false);
    expect(cache.check(forged, now).ok).toBe(false);
    expect(cache.computed).toBe(2);
  });
});
