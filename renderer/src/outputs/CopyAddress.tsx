import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../lib/cn';

/** One address on a line with its copy button; `label` names it for screen readers and the copy button. */
export function CopyAddress({
  label,
  url,
  testId,
  className,
}: {
  label: string;
  url: string;
  testId: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = (): void => {
    void navigator.clipboard
      .writeText(url)
      .then(() => setCopied(true))
      .catch(() => undefined);
  };
  return (
    <div className={cn('flex min-w-0 items-center gap-2 text-xs', className)}>
      <span className="w-20 shrink-0 text-muted-foreground">{label}</span>
      <code
        className="min-w-0 flex-1 truncate rounded bg-muted px-1.5 py-0.5 font-mono text-[11px]"
        title={url}
        data-testid={testId}
      >
        {url}
      </code>
      <button
        type="button"
        onClick={copy}
        className="rounded p-1 text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/60 focus-visible:outline-none"
        aria-label={copied ? t('common.copied') : t('outputs.copy', { what: label })}
        data-testid={`copy-${testId}`}
      >
        {copied ? <Check className="size-3.5" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
      </button>
    </div>
  );
}
