import type { Live } from '@shared/contract/lives';
import { isOnAir as stateIsOnAir } from '@shared/lives/state-machine';

/** Lives that viewers can see now: what the sidebar counts and the window title announces. */
export function isOnAir(live: Live): boolean {
  return stateIsOnAir(live.state);
}

export function countOnAir(lives: Readonly<Record<string, Live>>): number {
  return Object.values(lives).filter(isOnAir).length;
}
