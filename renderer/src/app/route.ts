import { useSyncExternalStore } from 'react';

/** The screens, addressed by the URL hash so reloads and the back button keep the place. */
export type Route =
  | { page: 'lives' }
  | { page: 'live'; liveId: string }
  | { page: 'library' }
  | { page: 'libraryItem'; itemId: string }
  | { page: 'system' };

export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p !== '');
  if (parts[0] === 'system') return { page: 'system' };
  if (parts[0] === 'library')
    return parts[1] ? { page: 'libraryItem', itemId: decodeURIComponent(parts[1]) } : { page: 'library' };
  if (parts[0] === 'lives' && parts[1]) return { page: 'live', liveId: decodeURIComponent(parts[1]) };
  return { page: 'lives' };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'lives':
      return '#/lives';
    case 'live':
      return `#/lives/${encodeURIComponent(route.liveId)}`;
    case 'library':
      return '#/library';
    case 'libraryItem':
      return `#/library/${encodeURIComponent(route.itemId)}`;
    case 'system':
      return '#/system';
  }
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
