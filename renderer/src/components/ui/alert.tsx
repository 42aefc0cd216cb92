import { cva, type VariantProps } from 'class-variance-authority';
import { AlertTriangle, Info, OctagonAlert, WifiOff } from 'lucide-react';
import type { HTMLAttributes, ReactNode } from 'react';
import { cn } from '../../lib/cn';

const alert = cva('flex items-start gap-3 rounded-lg border px-4 py-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0', {
  variants: {
    tone: {
      info: 'border-sky-500/40 bg-sky-500/10 text-sky-800 dark:text-sky-300',
      warning: 'border-warning/50 bg-warning/10 text-amber-800 dark:text-amber-300',
      danger: 'border-danger/40 bg-danger/10 text-danger',
      offline: 'border-border bg-muted text-foreground',
    },
  },
  defaultVariants: { tone: 'info' },
});

const ICON = { info: Info, warning: AlertTriangle, danger: OctagonAlert, offline: WifiOff } as const;

export type AlertTone = NonNullable<VariantProps<typeof alert>['tone']>;

/**
 * A message in the page's flow (not a toast): a failure, a missing key, a lost connection.
 * `danger` and `offline` are announced at once (role=alert); the others politely (role=status).
 * `Alert.Root tone` > `Alert.Title`, `Alert.Description`; `action` sits at the right.
 */
function Root({
  tone = 'info',
  className,
  children,
  action,
  ...props
}: HTMLAttributes<HTMLDivElement> & { tone?: AlertTone; action?: ReactNode }) {
  const Icon = ICON[tone];
  return (
    <div
      role={tone === 'danger' || tone === 'offline' ? 'alert' : 'status'}
      data-tone={tone}
      className={cn(alert({ tone }), className)}
      {...props}
    >
      <Icon aria-hidden />
      <div className="min-w-0 flex-1 space-y-0.5">{children}</div>
      {action}
    </div>
  );
}

function Title({ className, ...props }: HTMLAttributes<HTMLParagraphElement>) {
  return <p className={cn('font-semibold', className)} {...props} />;
}

function Description({ className, ...props }: HTMLAttributes<HTMLParagraphElement>) {
  return <p className={cn('opacity-90', className)} {...props} />;
}

export const Alert = { Root, Title, Description };
