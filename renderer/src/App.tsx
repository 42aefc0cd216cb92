import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Toaster } from 'sonner';
import { ApiProvider, useApi } from './app/api-context';
import { ConnectionBanner } from './app/ConnectionBanner';
import { LivesProvider } from './app/lives-context';
import { PageErrorBoundary } from './app/PageErrorBoundary';
import { followOpenLiveRequests } from './app/open-live-requests';
import { PreferencesProvider, usePreferences } from './app/preferences';
import { hrefOf, navigate, useRoute } from './app/route';
import { Sidebar } from './app/Sidebar';
import { useDocumentTitle } from './app/use-document-title';
import type { ApiBridge } from './bridge/api';
import { Tooltip } from './components/ui/tooltip';
import { DashboardPage } from './dashboard/DashboardPage';
import { SessionGate } from './team/session-context';

// The dashboard is the first page; the others load after it has drawn (hls.js only when a
// preview plays, uPlot with the dashboard). Fetched ahead, not on the first click: in the
// browser build a page opened while the web host is down could not be fetched any more.
const loadLivesPage = () => import('./pages/LivesPage');
const loadLiveDetailPage = () => import('./pages/LiveDetailPage');
const loadSystemPage = () => import('./pages/SystemPage');
const loadSettingsPage = () => import('./settings/SettingsPage');
const loadTeamPage = () => import('./team/TeamPage');
const loadLiveDialog = () => import('./lives/dialog/LiveDialog');
const loadChannelsPage = () => import('./channels/ChannelsPage');
const LivesPage = lazy(loadLivesPage);
const LiveDetailPage = lazy(loadLiveDetailPage);
const SystemPage = lazy(loadSystemPage);
const SettingsPage = lazy(loadSettingsPage);
const TeamPage = lazy(loadTeamPage);
const ChannelsPage = lazy(loadChannelsPage);
const loadOutputsPage = () => import('./outputs/OutputsPage');
const OutputsPage = lazy(loadOutputsPage);
const loadLibraryPage = () => import('./library/LibraryPage');
const loadLibraryItemPage = () => import('./library/LibraryItemPage');
const LibraryPage = lazy(loadLibraryPage);
const LibraryItemPage = lazy(loadLibraryItemPage);

function usePrefetchedPages(): void {
  useEffect(() => {
    const timer = setTimeout(() => {
      const pages = [
        loadLivesPage,
        loadLiveDetailPage,
        loadChannelsPage,
        loadOutputsPage,
        loadLibraryPage,
        loadLibraryItemPage,
        loadSettingsPage,
        loadSystemPage,
        loadTeamPage,
        loadLiveDialog,
      ];
      for (const load of pages) {
        void load().catch(() => undefined);
      }
    }, 1000);
    return () => clearTimeout(timer);
  }, []);
}

export function App({ bridge }: { bridge: ApiBridge }) {
  return (
    <ApiProvider bridge={bridge}>
      <PreferencesProvider>
        <Tooltip.Provider delayDuration={300}>
          <SessionGate>
            <LivesProvider>
              <Shell />
            </LivesProvider>
          </SessionGate>
          <Toasts />
        </Tooltip.Provider>
      </PreferencesProvider>
    </ApiProvider>
  );
}

function Toasts() {
  const { theme } = usePreferences();
  return <Toaster theme={theme} position="bottom-right" richColors closeButton />;
}

function Shell() {
  const route = useRoute();
  const { t } = useTranslation();
  const api = useApi();
  useDocumentTitle(route);
  usePrefetchedPages();
  useEffect(() => followOpenLiveRequests(api, navigate), [api]);
  return (
    <div className="flex h-screen">
      <Sidebar route={route} />
      <main className="flex min-w-0 flex-1 flex-col overflow-y-auto focus:outline-none" id="main" tabIndex={-1}>
        <ConnectionBanner />
        <PageErrorBoundary key={hrefOf(route)} title={t('app.pageFailed')}>
          <Suspense fallback={<p className="p-8 text-sm text-muted-foreground">{t('common.loading')}</p>}>
            {route.page === 'dashboard' && <DashboardPage />}
            {route.page === 'lives' && <LivesPage />}
            {route.page === 'live' && <LiveDetailPage liveId={route.liveId} />}
            {route.page === 'channels' && <ChannelsPage />}
            {route.page === 'outputs' && <OutputsPage />}
            {route.page === 'library' && <LibraryPage />}
            {route.page === 'libraryItem' && <LibraryItemPage itemId={route.itemId} />}
            {route.page === 'team' && <TeamPage />}
            {route.page === 'settings' && <SettingsPage />}
            {route.page === 'system' && <SystemPage />}
          </Suspense>
        </PageErrorBoundary>
      </main>
    </div>
  );
}
