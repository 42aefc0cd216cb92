import type { Live, LiveState } from '@shared/contract/lives';
import type { Caller } from '../context';
import type { UrlPasswordSet } from './url-passwords';

/**
 * What the lives domain offers the others (the scheduler today; IPTV, audience and chat next):
 * lives as clients see them, their owner, and start/stop with the same checks as the
 * `lives.start` / `lives.stop` methods. Other domains never read the lives tables themselves.
 */
export interface LivesPort {
  /** A live as clients see it (keys and passwords masked), or null. */
  get(liveId: string): Live | null;
  /** Who owns a live (another domain's access checks), or null when there is no such live. */
  ownerOf(liveId: string): string | null;
  /** Every live with a `once` or `recurring` start, whatever its state. */
  listScheduled(): Live[];
  /** Every live in one of these states (the outputs: which feed now, which are scheduled to). */
  listInStates(states: readonly LiveState[]): Live[];
  /** Open a run and hand it to the runtime, acting as `caller` (the owner, for a scheduled start). */
  start(caller: Caller, liveId: string): Promise<Live>;
  /** Stop the live's run gracefully, acting as `caller`; `reason` goes to its history. */
  stop(caller: Caller, liveId: string, reason?: string): Promise<Live>;
  /** Write a missed scheduled start in the live's history (a run `queued → failed`, no `live.failed` notice). */
  recordMissedStart(liveId: string, reason: string): void;
  /**
   * Secrets for checks that must reach the real servers before a start (pre-flight): a stream
   * key by its `secret:` reference, and the passwords behind a live's masked URLs.
   */
  readStreamKey(keyRef: string): Promise<string | null>;
  urlPasswords(liveId: string): Promise<UrlPasswordSet>;
}
