import type { DestinationHealth, Live, RunEvent, RunStats } from '@shared/contract/lives';
import { isActive } from '@shared/lives/state-machine';

export interface DestinationStatus {
  readonly health: DestinationHealth | 'idle';
  readonly reason?: string | undefined;
}

/**
 * A destination's health from the latest statistics sample. Before the first sample of a run it
 * is `connecting`; a disabled destination or a live at rest is `idle`.
 */
export function destinationHealth(
  live: Live,
  destinationId: string,
  stats: RunStats | undefined,
  journalReasons: Readonly<Record<string, string>> = {},
): DestinationStatus {
  const destination = live.destinations.find((d) => d.id === destinationId);
  if (!destination?.enabled || !isActive(live.state)) return { health: 'idle' };
  const reported = stats?.destinations.find((d) => d.id === destinationId);
  if (reported) {
    const troubled = reported.health === 'retrying' || reported.health === 'failed';
    return { health: reported.health, reason: reported.reason ?? (troubled ? journalReasons[destinationId] : undefined) };
  }
  return { health: 'connecting' };
}

/**
 * Why each destination is not fine, from the run's journal: the newest `destination` or `failure`
 * event naming it, while its latest state is not `live`. (Statistics samples carry the health;
 * the journal carries the words.)
 */
export function destinationReasons(events: readonly RunEvent[]): Readonly<Record<string, string>> {
  const reasons: Record<string, string> = {};
  for (const event of events) {
    if (event.destinationId === undefined) continue;
    if (event.kind === 'destination' && event.to === 'live') delete reasons[event.destinationId];
    else if (event.reason) reasons[event.destinationId] = event.reason;
  }
  return reasons;
}
