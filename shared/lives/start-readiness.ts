import { isPushKind, type Destination, type Live } from '../contract/lives';

/**
 * Why a live cannot start, as far as its fields tell (the engine then checks that each stored
 * key can still be read). The one home of this rule: `lives.start`, the scheduler's pre-flight
 * and the renderer's alerts all read it.
 */
export type StartBlocker =
  | { readonly kind: 'noEnabledDestination' }
  | { readonly kind: 'destinationWithoutKey'; readonly destinationId: string; readonly name: string };

/** The destinations that take a stream (enabled), and those of them that push to a platform. */
export function enabledDestinations(live: Pick<Live, 'destinations'>): Destination[] {
  return live.destinations.filter((d) => d.enabled);
}

export function enabledPushDestinations(live: Pick<Live, 'destinations'>): Destination[] {
  return enabledDestinations(live).filter((d) => isPushKind(d.kind));
}

export function startBlockers(live: Pick<Live, 'destinations'>): StartBlocker[] {
  if (enabledDestinations(live).length === 0) return [{ kind: 'noEnabledDestination' }];
  return enabledPushDestinations(live)
    .filter((d) => !d.streamKey.keySet)
    .map((d) => ({ kind: 'destinationWithoutKey', destinationId: d.id, name: d.name }));
}

/** The English sentence of a blocker (RPC errors, pre-flight notes, logs). */
export function describeStartBlocker(blocker: StartBlocker): string {
  switch (blocker.kind) {
    case 'noEnabledDestination':
      return 'This live has no enabled destination: add or enable one before starting.';
    case 'destinationWithoutKey':
      return `Destination "${blocker.name}" has no stream key: enter it before starting.`;
  }
}
