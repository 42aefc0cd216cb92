import type { DatabaseSync } from 'node:sqlite';
import { Source } from '@shared/contract/lives';
import { transaction } from '../storage/database';
import type { LiveStore } from './live-store';

/**
 * Rows written before the contract refused a source (a playlist path with a line break, an IPTV
 * URL such as `tcp://…` or an SRT listener) must neither reach FFmpeg nor break every
 * `lives.list` (outputs are checked against the contract too). At start, such a source is
 * replaced by the test pattern and logged by live id, so its owner sees the live and picks a
 * source again. Returns the ids changed.
 */
export function replaceRefusedSources(
  db: DatabaseSync,
  store: LiveStore,
  now: number,
  log: (message: string, error?: unknown) => void,
): string[] {
  const refused = store.sources().flatMap(({ id, source }) => {
    const check = Source.safeParse(source);
    return check.success ? [] : [{ id, reason: check.error.issues[0]?.message ?? 'refused by the current rules' }];
  });
  for (const { id, reason } of refused) {
    transaction(db, () => store.setSource(id, { kind: 'testPattern' }, null, now));
    log(`Live ${id}: its stored source is refused by the current rules (${reason}); it now uses the test pattern.`);
  }
  return refused.map((r) => r.id);
}
