import { Activity, Cpu, Film, Languages, Moon, Radio, Sun } from 'lucide-react';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Toaster } from 'sonner';
import { ApiProvider, useApi } from './app/api-context';
import { ConnectionBanner } from './app/ConnectionBanner';
import { LivesProvider, useLives } from './app/lives-context';
import { PageErrorBoundary } from './app/PageErrorBoundary';
import { followOpenLiveRequests } from './app/open-live-requests';
import { hrefOf, navigate, useRoute, type Route } from './app/route';
import { useTheme } from './app/theme';
import { useDocumentTitle } from './app/use-document-title';
import type { ApiBridge } from './bridge/api';
import { Tooltip } from './components/ui/tooltip';
import { chooseLanguage } from './i18n';
import { cn } from './lib/cn';
import { countOnAir } from './lives/on-air';
import { LivesPage } from './pages/LivesPage';

// The list is the first page; the others load after it has drawn (hls.js only when a preview
// plays). Fetched ahead, not on the first click: in the browser build a page opened while the
// web host is down could not be fetched any more.
const loadLiveDetailPage = () => import('./pages/LiveDetailPage');
const loadSystemPage = () => import('./pages/SystemPage');
const loadLiveDialog = () => import('./lives/dialog/LiveDialog');
const loadLibraryPage = () => import('./library/LibraryPage');
const loadLibraryItemPage = () => import('./library/LibraryItemPage');
const LiveDetailPage = lazy(loadLiveDetailPage);
const SystemPage = lazy(loadSystemPage);
const LibraryPage = lazy(loadLibraryPage);
const LibraryItemPage = lazy(loadLibraryItemPage);

function usePrefetchedPages(): void {
  useEffect(() => {
    const timer = setTimeout(() => {
      for (const load of [loadLiveDetailPage, loadSystemPage, loadLiveDialog, loadLibraryPage, loadLibraryItemPage])
        void load().catch(() => undefined);
    }, 1000);
    return () => clearTimeout(timer);
  }, []);
}

export function App({ bridge }: { bridge: ApiBridge }) {
  return (
    <ApiProvider bridge={bridge}>
      <LivesProvider>
        <Shell />
      </LivesProvider>
    </ApiProvider>
  );
}

function Shell() {
  const route = useRoute();
  const [theme, toggleTheme] = useTheme();
  const { t } = useTranslation();
  const api = useApi();
  useDocumentTitle(route);
  usePrefetchedPages();
  useEffect(() => followOpenLiveRequests(api, navigate), [api]);
  return (
    <Tooltip.Provider delayDuration={300}>
      <div className="flex h-screen">
        <Sidebar route={route} theme={theme} onToggleTheme={toggleTheme} />
        <main className="flex min-w-0 flex-1 flex-col overflow-y-auto">
          <ConnectionBanner />
          <PageErrorBoundary key={hrefOf(route)} title={t('app.pageFailed')}>
            <Suspense fallback={<p className="p-8 text-sm text-muted-foreground">{t('common.loading')}</p>}>
              {route.page === 'lives' && <LivesPage />}
              {route.page === 'live' && <LiveDetailPage liveId={route.liveId} />}
              {route.page === 'library' && <LibraryPage />}
              {route.page === 'libraryItem' && <LibraryItemPage itemId={route.itemId} />}
              {route.page === 'system' && <SystemPage />}
            </Suspense>
          </PageErrorBoundary>
        </main>
      </div>
      <Toaster theme={theme} position="bottom-right" richColors closeButton />
    </Tooltip.Provider>
  );
}

function Sidebar({ route, theme, onToggleTheme }: { route: Route; theme: 'dark' | 'light'; onToggleTheme: () => void }) {
  const { t, i18n } = useTranslation();
  const onAir = useLives((s) => countOnAir(s.lives));
  const nextLanguage = i18n.language.startsWith('fr') ? 'en' : 'fr';
  return (
    <nav className="flex w-56 shrink-0 flex-col gap-1 border-r border-border bg-card px-3 py-5" aria-label={t('nav.label')}>
      <div className="mb-6 flex items-center gap-2 px-2">
        <Activity className="size-5 text-primary" aria-hidden />
        <span className="font-semibold">{t('app.name')}</span>
      </div>
      <NavLink
        href={hrefOf({ page: 'lives' })}
        current={route.page === 'lives' || route.page === 'live'}
        icon={<Radio className="size-4" aria-hidden />}
        testId="nav-lives"
      >
        {t('nav.lives')}
        {onAir > 0 && (
          <span
            className="ml-auto rounded-full bg-primary px-1.5 text-[10px] leading-4 font-semibold text-primary-foreground"
            aria-label={t('nav.onAir', { count: onAir })}
          >
            {onAir}
          </span>
        )}
      </NavLink>
      <NavLink
        href={hrefOf({ page: 'library' })}
        current={route.page === 'library' || route.page === 'libraryItem'}
        icon={<Film className="size-4" aria-hidden />}
        testId="nav-library"
      >
        {t('library.nav')}
      </NavLink>
      <NavLink
        href={hrefOf({ page: 'system' })}
        current={route.page === 'system'}
        icon={<Cpu className="size-4" aria-hidden />}
        testId="nav-system"
      >
        {t('nav.system')}
      </NavLink>
      <div className="mt-auto flex items-center gap-1 px-1">
        <Tooltip.Simple text={theme === 'dark' ? t('nav.lightTheme') : t('nav.darkTheme')}>
          <button
            type="button"
            onClick={onToggleTheme}
            data-testid="toggle-theme"
            className="rounded-md p-2 text-muted-foreground hover:bg-muted hover:text-foreground"
            aria-label={theme === 'dark' ? t('nav.lightTheme') : t('nav.darkTheme')}
          >
            {theme === 'dark' ? <Sun className="size-4" aria-hidden /> : <Moon className="size-4" aria-hidden />}
          </button>
        </Tooltip.Simple>
        <Tooltip.Simple text={t('nav.language')}>
          <button
            type="button"
            onClick={() => void chooseLanguage(nextLanguage)}
            className="inline-flex items-center gap-1.5 rounded-md p-2 text-xs text-muted-foreground uppercase hover:bg-muted hover:text-foreground"
            aria-label={t('nav.language')}
            data-testid="toggle-language"
          >
            <Languages className="size-4" aria-hidden />
            {nextLanguage}
          </button>
        </Tooltip.Simple>
      </div>
    </nav>
  );
}

function NavLink({
  href,
  current,
  icon,
  testId,
  children,
}: {
  href: string;
  current: boolean;
  icon: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  return (
    <a
      href={href}
      aria-current={current ? 'page' : undefined}
      data-testid={testId}
      className={cn(
        'flex items-center gap-2 rounded-md px-2 py-1.5 text-sm',
        current ? 'bg-muted font-medium' : 'text-muted-foreground hover:bg-muted/60 hover:text-foreground',
      )}
    >
      {icon}
      {children}
    </a>
  );
}
