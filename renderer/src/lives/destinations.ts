import { isPushKind, type Destination, type DestinationKind, type Live } from '@shared/contract/lives';
import { enabledPushDestinations, startBlockers } from '@shared/lives/start-readiness';

/** Enabled platform destinations with no stored key: the live cannot start until they get one. */
export function destinationsMissingKey(live: Pick<Live, 'destinations'>): Destination[] {
  const missing = new Set(startBlockers(live).flatMap((b) => (b.kind === 'destinationWithoutKey' ? [b.destinationId] : [])));
  return live.destinations.filter((d) => missing.has(d.id));
}

/** Enabled destinations that viewers outside this computer see (every push; not the local preview). */
export function publicDestinations(live: Pick<Live, 'destinations'>): Destination[] {
  return enabledPushDestinations(live);
}

/** A push destination in the dialog with neither a typed key nor a stored one. */
export function draftLacksKey(d: {
  kind: DestinationKind;
  enabled: boolean;
  streamKey: string;
  keyMasked: string | null;
}): boolean {
  return d.enabled && isPushKind(d.kind) && d.keyMasked === null && d.streamKey.trim() === '';
}

/** `RTMP server`, then `RTMP server 2`, `RTMP server 3`: each new destination distinct from the others. */
export function distinctName(base: string, taken: readonly string[]): string {
  const names = new Set(taken.map((n) => n.trim().toLowerCase()));
  if (!names.has(base.toLowerCase())) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base} ${n}`;
    if (!names.has(candidate.toLowerCase())) return candidate;
  }
}
