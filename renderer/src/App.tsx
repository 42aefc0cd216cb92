import { Activity, Cpu } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { LiveManagerApi } from './bridge/api';
import { SystemPage } from './pages/SystemPage';

export function App({ api }: { api: LiveManagerApi }) {
  const { t } = useTranslation();
  return (
    <div className="flex h-screen">
      <nav className="flex w-56 shrink-0 flex-col gap-1 border-r border-border bg-card px-3 py-5">
        <div className="mb-6 flex items-center gap-2 px-2">
          <Activity className="size-5 text-primary" aria-hidden />
          <span className="font-semibold">{t('app.name')}</span>
        </div>
        <a className="flex items-center gap-2 rounded-md bg-muted px-2 py-1.5 text-sm font-medium" aria-current="page" href="#system">
          <Cpu className="size-4" aria-hidden />
          {t('nav.system')}
        </a>
      </nav>
      <main className="flex-1 overflow-y-auto">
        <SystemPage api={api} />
      </main>
    </div>
  );
}
