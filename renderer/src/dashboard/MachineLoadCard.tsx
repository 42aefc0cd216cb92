import { Cpu, HardDrive, MemoryStick } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from '../components/ui/card';
import { LazyChart as Chart } from '../components/ui/lazy-chart';
import { cn } from '../lib/cn';
import { formatBytes, formatPercent } from '../lib/format';
import { messageOf } from '../lib/message';
import type { LoadHistory } from './machine-load';

/** CPU and memory over the last minutes (chart) and now (figures), and the data folder's disk. */
export function MachineLoadCard({ load, targetLabel }: { load: LoadHistory & { error: unknown }; targetLabel: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const latest = load.latest;
  const memory = latest && latest.memoryTotalBytes > 0 ? (latest.memoryUsedBytes / latest.memoryTotalBytes) * 100 : 0;
  const disk = latest?.disk;
  const diskPercent = disk && disk.totalBytes > 0 ? (disk.usedBytes / disk.totalBytes) * 100 : 0;
  return (
    <Card.Root data-testid="machine-load">
      <Card.Header>
        <Card.Title>{t('dashboard.machine', { name: targetLabel })}</Card.Title>
        {latest && <span className="text-xs text-muted-foreground">{t('dashboard.cores', { count: latest.cores })}</span>}
      </Card.Header>
      <Card.Body className="space-y-4">
        {load.error !== undefined && !latest && <p className="text-sm text-danger">{messageOf(load.error, i18n)}</p>}
        <div className="grid grid-cols-2 gap-3">
          <Figure icon={<Cpu aria-hidden />} label={t('dashboard.cpu')} testId="load-cpu" warn={(latest?.cpuPercent ?? 0) > 85}>
            {latest ? formatPercent(latest.cpuPercent, lang) : '—'}
          </Figure>
          <Figure icon={<MemoryStick aria-hidden />} label={t('dashboard.memory')} testId="load-memory" warn={memory > 90}>
            {latest ? formatPercent(memory, lang) : '—'}
            {latest && (
              <span className="block text-xs text-muted-foreground">
                {formatBytes(latest.memoryUsedBytes, lang)} / {formatBytes(latest.memoryTotalBytes, lang)}
              </span>
            )}
          </Figure>
        </div>
        <Chart
          x={load.at}
          series={[
            { label: t('dashboard.cpu'), values: load.cpu, color: 'var(--color-primary)' },
            { label: t('dashboard.memory'), values: load.memory, color: 'var(--color-ring)' },
          ]}
          yMax={100}
          height={72}
          label={t('dashboard.loadChart')}
        />
        <div className="space-y-1.5" data-testid="load-disk">
          <div className="flex items-center justify-between text-xs text-muted-foreground">
            <span className="inline-flex items-center gap-1.5">
              <HardDrive className="size-3.5" aria-hidden />
              {t('dashboard.disk')}
            </span>
            <span>
              {disk ? `${formatBytes(disk.totalBytes - disk.usedBytes, lang)} ${t('dashboard.free')}` : t('dashboard.unknown')}
            </span>
          </div>
          <div
            className="h-2 overflow-hidden rounded-full bg-muted"
            role="meter"
            aria-label={t('dashboard.disk')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(diskPercent)}
          >
            <div
              className={cn('h-full rounded-full', diskPercent > 90 ? 'bg-danger' : 'bg-ring')}
              style={{ width: `${Math.min(100, diskPercent)}%` }}
            />
          </div>
          {disk && <p className="truncate font-mono text-[11px] text-muted-foreground">{disk.path}</p>}
        </div>
      </Card.Body>
    </Card.Root>
  );
}

function Figure({
  icon,
  label,
  testId,
  warn,
  children,
}: {
  icon: ReactNode;
  label: string;
  testId: string;
  warn: boolean;
  children: ReactNode;
}) {
  return (
    <div className="rounded-lg bg-muted/50 px-3 py-2" data-testid={testId}>
      <p className="flex items-center gap-1.5 text-[11px] font-medium tracking-wider text-muted-foreground uppercase [&_svg]:size-3.5">
        {icon}
        {label}
      </p>
      <p className={cn('mt-0.5 font-mono text-lg tabular-nums', warn && 'text-amber-700 dark:text-warning')}>{children}</p>
    </div>
  );
}
