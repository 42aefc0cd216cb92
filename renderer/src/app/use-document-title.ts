import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { countOnAir } from '../lives/on-air';
import { useLives } from './lives-context';
import type { Route } from './route';

/** `● LIVE · Friday rerun — LiveManager`: the page, and whether anything is on air, from the taskbar. */
export function windowTitle(page: string, onAir: boolean, app: string, liveMark: string): string {
  return `${onAir ? `${liveMark} · ` : ''}${page} — ${app}`;
}

export function useDocumentTitle(route: Route): void {
  const { t } = useTranslation();
  const onAir = useLives((s) => countOnAir(s.lives) > 0);
  const liveTitle = useLives((s) => (route.page === 'live' ? s.lives[route.liveId]?.title : undefined));
  const page =
    route.page === 'live'
      ? (liveTitle ?? t('nav.lives'))
      : route.page === 'channels'
        ? t('channels.nav')
        : route.page === 'outputs'
          ? t('outputs.nav')
          : route.page === 'library' || route.page === 'libraryItem'
            ? t('library.nav')
            : t(`nav.${route.page}`);
  const title = windowTitle(page, onAir, t('app.name'), t('app.onAirMark'));
  useEffect(() => {
    document.title = title;
  }, [title]);
}
