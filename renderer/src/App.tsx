import { Activity, Cpu, Languages, Moon, Radio, Sun } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Toaster } from 'sonner';
import { LivesProvider, useLives } from './app/lives-context';
import { hrefOf, useRoute, type Route } from './app/route';
import { useTheme } from './app/theme';
import type { LiveManagerApi } from './bridge/api';
import { Tooltip } from './components/ui/tooltip';
import { chooseLanguage } from './i18n';
import { cn } from './lib/cn';
import { LiveDetailPage } from './pages/LiveDetailPage';
import { LivesPage } from './pages/LivesPage';
import { SystemPage } from './pages/SystemPage';

export function App({ api }: { api: LiveManagerApi }) {
  const route = useRoute();
  const [theme, toggleTheme] = useTheme();
  return (
    <LivesProvider api={api}>
      <Tooltip.Provider delayDuration={300}>
        <div className="flex h-screen">
          <Sidebar route={route} theme={theme} onToggleTheme={toggleTheme} />
          <main className="flex-1 overflow-y-auto">
            {route.page === 'lives' && <LivesPage />}
            {route.page === 'live' && <LiveDetailPage liveId={route.liveId} />}
            {route.page === 'system' && <SystemPage api={api} />}
          </main>
        </div>
        <Toaster theme={theme} position="bottom-right" richColors closeButton />
      </Tooltip.Provider>
    </LivesProvider>
  );
}

function Sidebar({ route, theme, onToggleTheme }: { route: Route; theme: 'dark' | 'light'; onToggleTheme: () => void }) {
  const { t, i18n } = useTranslation();
  const onAir = useLives((s) => Object.values(s.lives).filter((l) => l.state === 'live' || l.state === 'reconnecting').length);
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
