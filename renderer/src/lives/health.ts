import type { DestinationHealth, Live, RunStats } from '@shared/contract/lives';
import { isActive } from '@shared/lives/state-machine';

export interface DestinationStatus {
  readonly health: DestinationHealth | 'idle';
  readonly reason?: string | undefined;
}

/**
 * A destination's health from the latest statistics sample. Before the first sample of a run it
 * is `connecting`; a disabled destination or a live at rest is `idle`.
 */
export function destinationHealth(live: Live, destinationId: string, stats: RunStats | undefined): DestinationStatus {
  const destination = live.destinations.find((d) => d.id === destinationId);
  if (!destination?.enabled || !isActive(live.state)) return { health: 'idle' };
  const reported = stats?.destinations.find((d) => d.id === destinationId);
  if (reported) return { health: reported.health, reason: reported.reason };
  return { health: 'connecting' };
}
