import { useSyncExternalStore } from 'react';

/** The screens, addressed by the URL hash so reloads and the back button keep the place. */
export type Route =
  | { page: 'dashboard' }
  | { page: 'lives' }
  | { page: 'live'; liveId: string }
  | { page: 'channels' }
  | { page: 'outputs' }
  | { page: 'library' }
  | { page: 'libraryItem'; itemId: string }
  | { page: 'team' }
  | { page: 'settings' }
  | { page: 'system' };

const SIMPLE = ['dashboard', 'lives', 'channels', 'outputs', 'library', 'team', 'settings', 'system'] as const;

/** The dashboard is the first page: an empty or unknown hash opens it. */
export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p !== '');
  if (parts[0] === 'library' && parts[1]) return { page: 'libraryItem', itemId: decodeURIComponent(parts[1]) };
  if (parts[0] === 'lives' && parts[1]) return { page: 'live', liveId: decodeURIComponent(parts[1]) };
  const simple = SIMPLE.find((page) => page === parts[0]);
  return simple ? { page: simple } : { page: 'dashboard' };
}

export function hrefOf(route: Route): string {
  if (route.page === 'live') return `#/lives/${encodeURIComponent(route.liveId)}`;
  if (route.page === 'libraryItem') return `#/library/${encodeURIComponent(route.itemId)}`;
  return `#/${route.page}`;
}

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/** The current hash, as a string so React compares it by value. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}
