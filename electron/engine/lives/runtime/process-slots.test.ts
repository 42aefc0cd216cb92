import { describe, expect, it } from 'vitest';
import { ProcessSlots } from './process-slots';

describe('ProcessSlots', () => {
  it('grants up to the limit and queues the rest in FIFO order', () => {
    const slots = new ProcessSlots(5);
    const granted: string[] = [];
    expect(slots.request('a', 3, () => granted.push('a'))).toBe(true);
    expect(slots.request('b', 3, () => granted.push('b'))).toBe(false);
    // c would fit (2 free) but must not overtake b.
    expect(slots.request('c', 2, () => granted.push('c'))).toBe(false);
    expect(slots.queued).toEqual(['b', 'c']);
    slots.release('a');
    expect(granted).toEqual(['b', 'c']);
    expect(slots.used).toBe(5);
  });

  it('drops a cancelled request from the queue', () => {
    const slots = new ProcessSlots(2);
    const granted: string[] = [];
    slots.request('a', 2, () => granted.push('a'));
    slots.request('b', 1, () => granted.push('b'));
    slots.request('c', 1, () => granted.push('c'));
    slots.release('b');
    slots.release('a');
    expect(granted).toEqual(['c']);
  });

  it('lets a live bigger than the whole budget run alone rather than never', () => {
    const slots = new ProcessSlots(2);
    expect(slots.request('big', 5, () => undefined)).toBe(true);
    expect(slots.used).toBe(2);
  });

  it('grows a running live only into free slots, never one a waiting live is owed; shrinking lets the queue in', () => {
    const slots = new ProcessSlots(4);
    const granted: string[] = [];
    slots.request('a', 2, () => undefined);
    expect(slots.resize('a', 3)).toBe(true);
    expect(slots.request('c', 1, () => undefined)).toBe(true);
    expect(slots.resize('a', 4)).toBe(false); // none free
    slots.release('c');
    expect(slots.request('b', 2, () => granted.push('b'))).toBe(false);
    expect(slots.resize('a', 4)).toBe(false); // the free slot is b's turn
    expect(slots.resize('a', 2)).toBe(true);
    expect(granted).toEqual(['b']);
    expect(slots.used).toBe(4);
    expect(slots.resize('nobody', 1)).toBe(false);
  });
});
