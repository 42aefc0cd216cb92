import type { M3uEntry } from './m3u-parser';

/** FNV-1a prime of the second lane (a different prime keeps the two 32-bit lanes independent). */
const PRIME_A = 0x01000193;
const PRIME_B = 0x01000193 + 2;

/**
 * 64-bit FNV-1a (two 32-bit lanes) of the parts joined by NUL: ids, not security; ~10x cheaper
 * than a crypto hash per row. The parts are hashed in place: joining them first built a string
 * per channel that the hash then had to flatten.
 */
function shortHash(...parts: string[]): string {
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) {
      a = Math.imul(a, PRIME_A);
      b = Math.imul(b, PRIME_B);
    }
    const text = parts[p] as string;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, PRIME_A);
      b = Math.imul(b ^ c, PRIME_B);
    }
  }
  return base36(a >>> 0) + base36(b >>> 0);
}

/** Seven base-36 digits (2^32 needs at most seven). */
function base36(n: number): string {
  const text = n.toString(36);
  return text.length >= 7 ? text : '0000000'.slice(text.length) + text;
}

/**
 * A channel's id must survive refreshes (favourites, lives) though M3U has no ids: it is a hash
 * of what identifies the channel to a person (tvg-id, name, group), numbered when repeated.
 */
export class ChannelKeys {
  readonly #seen = new Map<string, number>();
  readonly #categories = new Map<string, string>();

  category(group: string): string {
    let key = this.#categories.get(group);
    if (key === undefined) {
      key = `g${shortHash(group)}`;
      this.#categories.set(group, key);
    }
    return key;
  }

  next(entry: Pick<M3uEntry, 'tvgId' | 'name' | 'group'>): string {
    const base = `m${shortHash(entry.tvgId ?? '', entry.name, entry.group ?? '')}`;
    const count = this.#seen.get(base);
    if (count === undefined) {
      // Most keys are seen once: mark them without a count (a repeat starts counting at 2).
      this.#seen.set(base, 1);
      return base;
    }
    this.#seen.set(base, count + 1);
    return `${base}-${count + 1}`;
  }
}
