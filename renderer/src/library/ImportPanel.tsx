import type { ImportProgress } from '@shared/contract/library';
import { Upload } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Card } from '../components/ui/card';
import { formatBytes } from '../lib/format';
import type { UploadProgress } from './upload';

/** Uploads from this page and imports the engine reports, each with a bar, while they run. */
export function ImportPanel({ uploads, imports }: { uploads: readonly UploadProgress[]; imports: readonly ImportProgress[] }) {
  const { t, i18n } = useTranslation();
  const running = imports.filter((i) => i.state === 'running');
  if (uploads.length === 0 && running.length === 0) return null;
  return (
    <Card.Root className="space-y-3 px-4 py-3" data-testid="import-progress" role="status">
      {uploads.map((u) => (
        <Bar
          key={u.name}
          label={t('library.import.uploading', { name: u.name })}
          detail={`${formatBytes(u.sentBytes, i18n.language)} / ${formatBytes(u.totalBytes, i18n.language)}`}
          ratio={u.totalBytes > 0 ? u.sentBytes / u.totalBytes : 0}
        />
      ))}
      {running.map((i) => (
        <Bar
          key={i.importId}
          label={i.current ? t('library.import.importing', { name: i.current }) : t('library.import.scanning')}
          detail={t('library.import.files', { done: i.filesDone, total: i.filesTotal })}
          ratio={i.bytesTotal > 0 ? i.bytesDone / i.bytesTotal : 0}
        />
      ))}
    </Card.Root>
  );
}

function Bar({ label, detail, ratio }: { label: string; detail: string; ratio: number }) {
  const percent = Math.round(Math.min(1, Math.max(0, ratio)) * 100);
  return (
    <div className="space-y-1.5">
      <div className="flex items-center justify-between gap-3 text-xs">
        <span className="flex min-w-0 items-center gap-1.5 truncate">
          <Upload className="size-3.5 shrink-0 text-primary" aria-hidden />
          <span className="truncate">{label}</span>
        </span>
        <span className="shrink-0 text-muted-foreground">
          {detail} · {percent} %
        </span>
      </div>
      <div
        className="h-1.5 overflow-hidden rounded-full bg-muted"
        role="progressbar"
        aria-valuenow={percent}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="h-full rounded-full bg-primary transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
