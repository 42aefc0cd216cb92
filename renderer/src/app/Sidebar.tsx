import { uiLanguageOf } from '@shared/contract/host-settings';
import {
  Activity,
  Cpu,
  Film,
  LayoutDashboard,
  Languages,
  LogOut,
  Moon,
  Radio,
  Settings,
  Share2,
  Sun,
  Tv,
  Users,
} from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Tooltip } from '../components/ui/tooltip';
import { cn } from '../lib/cn';
import { countOnAir } from '../lives/on-air';
import { useSession } from '../team/session-context';
import { useApi } from './api-context';
import { useLives } from './lives-context';
import { toastError } from './notify';
import { usePreferences } from './preferences';
import { hrefOf, type Route } from './route';
import { TargetSwitcher } from './TargetSwitcher';

/** The pages, the machine this window works on, who is signed in, and the theme and language. */
export function Sidebar({ route }: { route: Route }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const onAir = useLives((s) => countOnAir(s.lives));
  const { theme, update } = usePreferences();
  const { status, shared, signOut } = useSession();
  const nextLanguage = i18n.language.startsWith('fr') ? 'en' : 'fr';
  const save = (patch: Parameters<typeof update>[0]): void => {
    update(patch).catch((error: unknown) => toastError(error, t('nav.notSaved')));
  };
  const switchLanguage = (): void => {
    save({ language: nextLanguage });
    // On a team's engine the account's mails follow it too.
    if (shared) void api.auth.setLanguage({ language: uiLanguageOf(nextLanguage, []) }).catch(() => undefined);
  };
  return (
    <nav className="flex w-56 shrink-0 flex-col gap-1 border-r border-border bg-card px-3 py-5" aria-label={t('nav.label')}>
      {/* The hash is the route: the skip link moves focus itself instead of changing it. */}
      <button
        type="button"
        onClick={() => document.getElementById('main')?.focus()}
        className="sr-only rounded-md bg-primary px-2 py-1 text-left text-sm text-primary-foreground focus:not-sr-only focus:mb-2"
      >
        {t('nav.skip')}
      </button>
      <div className="mb-4 flex items-center gap-2 px-2">
        <Activity className="size-5 text-primary" aria-hidden />
        <span className="font-semibold">{t('app.name')}</span>
      </div>
      <div className="mb-4">
        <TargetSwitcher />
      </div>
      <NavLink route={{ page: 'dashboard' }} current={route.page === 'dashboard'} icon={<LayoutDashboard aria-hidden />}>
        {t('nav.dashboard')}
      </NavLink>
      <NavLink route={{ page: 'lives' }} current={route.page === 'lives' || route.page === 'live'} icon={<Radio aria-hidden />}>
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
      <NavLink route={{ page: 'channels' }} current={route.page === 'channels'} icon={<Tv aria-hidden />}>
        {t('channels.nav')}
      </NavLink>
      <NavLink
        route={{ page: 'library' }}
        current={route.page === 'library' || route.page === 'libraryItem'}
        icon={<Film aria-hidden />}
      >
        {t('library.nav')}
      </NavLink>
      <NavLink route={{ page: 'outputs' }} current={route.page === 'outputs'} icon={<Share2 aria-hidden />}>
        {t('outputs.nav')}
      </NavLink>
      {shared && status.isAdmin && (
        <NavLink route={{ page: 'team' }} current={route.page === 'team'} icon={<Users aria-hidden />}>
          {t('nav.team')}
        </NavLink>
      )}
      <NavLink route={{ page: 'settings' }} current={route.page === 'settings'} icon={<Settings aria-hidden />}>
        {t('nav.settings')}
      </NavLink>
      <NavLink route={{ page: 'system' }} current={route.page === 'system'} icon={<Cpu aria-hidden />}>
        {t('nav.system')}
      </NavLink>
      <div className="mt-auto space-y-2">
        {shared && status.user && (
          <div className="flex items-center gap-1 rounded-md bg-muted/50 px-2 py-1.5 text-xs" data-testid="signed-in">
            <span className="min-w-0 flex-1 truncate" title={status.user.email}>
              {status.user.email}
            </span>
            <Tooltip.Simple text={t('nav.signOut')}>
              <button
                type="button"
                onClick={() => void signOut()}
                className="rounded p-1 text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/60 focus-visible:outline-none"
                aria-label={t('nav.signOut')}
                data-testid="sign-out"
              >
                <LogOut className="size-3.5" aria-hidden />
              </button>
            </Tooltip.Simple>
          </div>
        )}
        <div className="flex items-center gap-1 px-1">
          <Tooltip.Simple text={theme === 'dark' ? t('nav.lightTheme') : t('nav.darkTheme')}>
            <button
              type="button"
              onClick={() => save({ theme: theme === 'dark' ? 'light' : 'dark' })}
              data-testid="toggle-theme"
              className="rounded-md p-2 text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/60 focus-visible:outline-none"
              aria-label={theme === 'dark' ? t('nav.lightTheme') : t('nav.darkTheme')}
            >
              {theme === 'dark' ? <Sun className="size-4" aria-hidden /> : <Moon className="size-4" aria-hidden />}
            </button>
          </Tooltip.Simple>
          <Tooltip.Simple text={t('nav.language')}>
            <button
              type="button"
              onClick={switchLanguage}
              className="inline-flex items-center gap-1.5 rounded-md p-2 text-xs text-muted-foreground uppercase hover:bg-muted hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/60 focus-visible:outline-none"
              // The name starts with the code shown (WCAG 2.5.3: what is seen is what is said).
              aria-label={`${nextLanguage.toUpperCase()} – ${t('nav.language')}`}
              data-testid="toggle-language"
            >
              <Languages className="size-4" aria-hidden />
              {nextLanguage.toUpperCase()}
            </button>
          </Tooltip.Simple>
        </div>
      </div>
    </nav>
  );
}

function NavLink({ route, current, icon, children }: { route: Route; current: boolean; icon: ReactNode; children: ReactNode }) {
  return (
    <a
      href={hrefOf(route)}
      aria-current={current ? 'page' : undefined}
      data-testid={`nav-${route.page}`}
      className={cn(
        'flex items-center gap-2 rounded-md px-2 py-1.5 text-sm focus-visible:ring-2 focus-visible:ring-ring/60 focus-visible:outline-none [&_svg]:size-4',
        current ? 'bg-muted font-medium' : 'text-muted-foreground hover:bg-muted/60 hover:text-foreground',
      )}
    >
      {icon}
      {children}
    </a>
  );
}
