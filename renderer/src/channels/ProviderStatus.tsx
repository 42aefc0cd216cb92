import type { Provider } from '@shared/contract/iptv';
import { AlertTriangle, KeyRound, RefreshCw, Tv } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../components/ui/alert';
import { Badge } from '../components/ui/badge';
import { relativeOf, whenOf } from './times';

/** The tone of a provider's state: refreshing, failing, expiring soon, or fine. */
export function providerTone(provider: Provider, nowMs: number): 'neutral' | 'success' | 'warning' | 'danger' {
  const { catalog, account } = provider.status;
  if (catalog.state === 'refreshing') return 'neutral';
  if (account && account.status !== 'active' && account.status !== 'unknown') return 'danger';
  if (catalog.lastError) return catalog.state === 'ready' ? 'warning' : 'danger';
  if (account?.expiresAt && Date.parse(account.expiresAt) - nowMs < 7 * 86_400_000) return 'warning';
  return catalog.state === 'ready' ? 'success' : 'neutral';
}

/**
 * Everything a provider's owner needs to trust it: the catalog (size, last and next refresh, the
 * last failure in words with the engine's sentence, lines skipped), the guide, the Xtream account
 * (status, expiry, connections the panel counts) and the connections this engine holds now.
 */
export function ProviderStatus({ provider, nowMs }: { provider: Provider; nowMs: number }) {
  const { t, i18n } = useTranslation();
  const { catalog, epg, account, tuners } = provider.status;
  const lang = i18n.language;
  return (
    <div className="space-y-4 text-sm" data-testid="provider-status">
      {catalog.lastError && (
        <Alert.Root tone={catalog.state === 'ready' ? 'warning' : 'danger'} data-testid="provider-error">
          <Alert.Title>{t(`channels.problem.${catalog.lastError.code}`)}</Alert.Title>
          <Alert.Description>{catalog.lastError.message}</Alert.Description>
          {catalog.state === 'ready' && <Alert.Description>{t('channels.status.keptPrevious')}</Alert.Description>}
        </Alert.Root>
      )}
      <Facts icon={<Tv aria-hidden />} title={t('channels.status.catalog')}>
        <Fact label={t('channels.status.channels')}>
          {catalog.state === 'refreshing' ? (
            <Badge data-testid="refreshing">
              <RefreshCw className="size-3 animate-spin" aria-hidden />
              {t('channels.status.refreshing')}
            </Badge>
          ) : (
            t('channels.status.channelCount', { count: catalog.channelCount, categories: catalog.categoryCount })
          )}
        </Fact>
        <Fact label={t('channels.status.refreshedAt')}>
          {catalog.refreshedAt ? relativeOf(catalog.refreshedAt, nowMs, lang) : t('channels.status.never')}
        </Fact>
        {catalog.nextRefreshAt && (
          <Fact label={t('channels.status.nextRefresh')}>{whenOf(catalog.nextRefreshAt, lang, nowMs)}</Fact>
        )}
        <Fact label={t('channels.status.guide')}>
          {epg.state === 'refreshing'
            ? t('channels.status.refreshing')
            : epg.state === 'none'
              ? t('channels.status.noGuide')
              : t('channels.status.programmes', { count: epg.programmeCount })}
        </Fact>
        {epg.lastError && (
          <p className="text-xs text-warning">
            {t(`channels.problem.${epg.lastError.code}`)} — {epg.lastError.message}
          </p>
        )}
      </Facts>

      {account && (
        <Facts icon={<KeyRound aria-hidden />} title={t('channels.status.account')}>
          <Fact label={t('channels.status.accountStatus')}>
            <Badge tone={account.status === 'active' ? 'success' : 'danger'}>{t(`channels.account.${account.status}`)}</Badge>
            {account.isTrial && <Badge className="ml-1">{t('channels.status.trial')}</Badge>}
          </Fact>
          <Fact label={t('channels.status.expires')}>
            {account.expiresAt
              ? `${new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(account.expiresAt))} (${relativeOf(account.expiresAt, nowMs, lang)})`
              : t('channels.status.noExpiry')}
          </Fact>
          <Fact label={t('channels.status.panelConnections')}>
            <span data-testid="account-connections">
              {t('channels.status.connectionsOf', {
                active: account.activeConnections ?? '?',
                max: account.maxConnections ?? '∞',
              })}
            </span>
          </Fact>
          {account.allowedFormats.length > 0 && (
            <Fact label={t('channels.status.formats')}>{account.allowedFormats.join(', ')}</Fact>
          )}
        </Facts>
      )}

      <Facts icon={<RefreshCw aria-hidden />} title={t('channels.status.tuners')}>
        <Fact label={t('channels.status.inUse')}>
          <span data-testid="tuners-in-use">
            {tuners.limit === null
              ? t('channels.status.tunersNoLimit', { count: tuners.inUse.length })
              : t('channels.status.tunersOf', { used: tuners.inUse.length, limit: tuners.limit })}
          </span>
        </Fact>
        {tuners.inUse.map((use) => (
          <p key={`${use.purpose}-${use.label}-${use.since}`} className="pl-2 text-xs text-muted-foreground">
            {t(`channels.status.use.${use.purpose}`, { label: use.label })}
          </p>
        ))}
      </Facts>

      {catalog.warnings.count > 0 && (
        <Facts icon={<AlertTriangle aria-hidden />} title={t('channels.status.warnings', { count: catalog.warnings.count })}>
          <ul className="space-y-1 text-xs text-muted-foreground">
            {catalog.warnings.examples.slice(0, 5).map((w) => (
              <li key={`${w.line}-${w.message}`}>{t('channels.status.warningLine', { line: w.line, message: w.message })}</li>
            ))}
          </ul>
        </Facts>
      )}
    </div>
  );
}

function Facts({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <section className="space-y-1.5">
      <h3 className="flex items-center gap-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase [&>svg]:size-3.5">
        {icon}
        {title}
      </h3>
      {children}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-3">
      <span className="text-muted-foreground">{label}</span>
      <span className="text-right">{children}</span>
    </div>
  );
}
