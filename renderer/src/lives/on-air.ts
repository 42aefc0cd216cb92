import type { Live } from '@shared/contract/lives';

/** Lives that viewers can see now: what the sidebar counts and the window title announces. */
export function isOnAir(live: Live): boolean {
  return live.state === 'live' || live.state === 'reconnecting';
}

export function countOnAir(lives: Readonly<Record<string, Live>>): number {
  return Object.values(lives).filter(isOnAir).length;
}
