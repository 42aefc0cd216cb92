import type { Live } from '@shared/contract/lives';
import { describe, expect, it } from 'vitest';
import { ALL_LIVES, queryLives } from './lives-filter';

function live(id: string, patch: Partial<Live> = {}): Live {
  return {
    id,
    title: `Live ${id}`,
    ownerId: 'alice',
    source: { kind: 'testPattern' },
    destinations: [],
    encoding: { mode: 'auto' },
    loop: { kind: 'once' },
    start: { kind: 'manual' },
    end: { kind: 'none' },
    state: 'draft',
    createdAt: `2026-01-0${id.length}T10:00:00.000Z`,
    updatedAt: '2026-01-01T10:00:00.000Z',
    ...patch,
  };
}

const LIVES = [
  live('a', { title: 'Morning mass', state: 'live' }),
  live('bb', { title: 'Evening news', state: 'failed', ownerId: 'bob' }),
  live('ccc', {
    title: 'Cartoons',
    state: 'scheduled',
    destinations: [
      {
        id: 'd',
        name: 'Twitch backup',
        kind: 'twitch',
        enabled: true,
        streamKey: { keyRef: null, keyMasked: null, keySet: false },
      },
    ],
  }),
  live('dddd', { title: 'Archive', state: 'ended', ownerId: 'bob' }),
];
const ids = (query: Partial<typeof ALL_LIVES>) => queryLives(LIVES, { ...ALL_LIVES, ...query }).map((l) => l.id);

describe('the lives list query', () => {
  it('searches titles and destination names, every word, any case', () => {
    expect(ids({ text: 'MASS' })).toEqual(['a']);
    expect(ids({ text: 'twitch' })).toEqual(['ccc']);
    expect(ids({ text: 'news  evening' })).toEqual(['bb']);
    expect(ids({ text: 'nothing like it' })).toEqual([]);
  });

  it('filters by state group and owner', () => {
    expect(ids({ state: 'onAir' })).toEqual(['a']);
    expect(ids({ state: 'failed' })).toEqual(['bb']);
    expect(ids({ state: 'idle' })).toEqual(['dddd']);
    expect(ids({ owner: 'bob' })).toEqual(['dddd', 'bb']);
  });

  it('sorts newest, oldest, by title, or most urgent state first', () => {
    expect(ids({})).toEqual(['dddd', 'ccc', 'bb', 'a']);
    expect(ids({ sort: 'oldest' })).toEqual(['a', 'bb', 'ccc', 'dddd']);
    expect(ids({ sort: 'title' })).toEqual(['dddd', 'ccc', 'bb', 'a']);
    expect(ids({ sort: 'state' })).toEqual(['a', 'bb', 'ccc', 'dddd']);
  });

  it('filters 2,000 lives within a keystroke’s budget', () => {
    const many = Array.from({ length: 2000 }, (_, i) => live(`l${i}`, { title: `Show number ${i}` }));
    // The first query builds each live's search text (once per version, as when the list loads).
    queryLives(many, { ...ALL_LIVES, text: 'number 1' });
    const started = performance.now();
    // Every word anywhere: "19" also matches 119, 219, 1900…
    const expected = many.filter((l) => l.title.includes('19')).length;
    expect(queryLives(many, { ...ALL_LIVES, text: 'number 19' })).toHaveLength(expected);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
