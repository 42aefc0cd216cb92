import { isPushKind, type Destination, type Live } from '../contract/lives';
import { engineMessage, englishOf, type EngineMessage } from '../messages/engine-message';

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

/** A blocker as a catalog message (translated by the UI). */
export function startBlockerMessage(blocker: StartBlocker): EngineMessage {
  switch (blocker.kind) {
    case 'noEnabledDestination':
      return engineMessage('lives.noEnabledDestination');
    case 'destinationWithoutKey':
      return engineMessage('lives.destinationWithoutKey', { name: blocker.name });
  }
}

/** The English sentence of a blocker (RPC errors, pre-flight notes, logs). */
export function describeStartBlocker(blocker: StartBlocker): string {
  return englishOf(startBlockerMessage(blocker));
}
