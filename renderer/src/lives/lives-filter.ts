import type { Live, LiveState } from '@shared/contract/lives';
import { isActive } from '@shared/lives/state-machine';
import { newestFirst } from './lives-store';

/** The state groups the list filters by: what a streamer looks for, not the ten raw states. */
export const STATE_FILTERS = ['all', 'onAir', 'scheduled', 'failed', 'idle'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export const SORTS = ['newest', 'oldest', 'title', 'state'] as const;
export type LivesSort = (typeof SORTS)[number];

export interface LivesQuery {
  readonly text: string;
  readonly state: StateFilter;
  /** An owner's user id, or `all`. */
  readonly owner: string;
  readonly sort: LivesSort;
}

export const ALL_LIVES: LivesQuery = { text: '', state: 'all', owner: 'all', sort: 'newest' };

const IDLE: readonly LiveState[] = ['draft', 'ended', 'interrupted'];

function inGroup(state: LiveState, group: StateFilter): boolean {
  switch (group) {
    case 'all':
      return true;
    case 'onAir':
      return isActive(state);
    case 'scheduled':
      return state === 'scheduled';
    case 'failed':
      return state === 'failed';
    case 'idle':
      return IDLE.includes(state);
  }
}

// Lives are immutable versions (each event brings a new object): the text is built once per version.
const searchTexts = new WeakMap<Live, string>();

/** What to match a search against: the title, and the destinations' names. Lower-cased once. */
export function searchTextOf(live: Live): string {
  let text = searchTexts.get(live);
  if (text === undefined) {
    text = `${live.title}\n${live.destinations.map((d) => d.name).join('\n')}`.toLocaleLowerCase();
    searchTexts.set(live, text);
  }
  return text;
}

/** Most urgent first when sorting by state: on air, failed, scheduled, then the rest. */
const STATE_RANK: Readonly<Record<LiveState, number>> = {
  live: 0,
  reconnecting: 0,
  starting: 1,
  queued: 1,
  stopping: 1,
  failed: 2,
  scheduled: 3,
  draft: 4,
  interrupted: 4,
  ended: 5,
};

// One collator for every sort: `localeCompare` builds one per call.
const TITLE_ORDER = new Intl.Collator();

/**
 * The lives a query shows, in its order. Pure and linear (one pass and one sort): thousands of
 * lives filter within a keystroke.
 */
export function queryLives(lives: readonly Live[], query: LivesQuery): Live[] {
  const words = query.text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const shown = lives.filter(
    (live) =>
      inGroup(live.state, query.state) &&
      (query.owner === 'all' || live.ownerId === query.owner) &&
      (words.length === 0 || words.every((word) => searchTextOf(live).includes(word))),
  );
  const byNewest = newestFirst;
  switch (query.sort) {
    case 'newest':
      return shown.sort(byNewest);
    case 'oldest':
      return shown.sort((a, b) => byNewest(b, a));
    case 'title':
      return shown.sort((a, b) => TITLE_ORDER.compare(a.title, b.title) || byNewest(a, b));
    case 'state':
      return shown.sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || byNewest(a, b));
  }
}
