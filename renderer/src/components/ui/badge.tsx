import type { HTMLAttributes } from 'react';
import { cn } from '../../lib/cn';

// On the light theme the bright status colours are too pale for text: darker shades reach 4.5:1.
const TONES = {
  neutral: 'bg-muted text-muted-foreground',
  success: 'bg-success/15 text-green-800 dark:text-success',
  warning: 'bg-warning/15 text-amber-800 dark:text-warning',
  danger: 'bg-danger/15 text-red-700 dark:text-danger',
} as const;

/** A small status pill. */
export function Badge({
  tone = 'neutral',
  className,
  ...props
}: HTMLAttributes<HTMLSpanElement> & { tone?: keyof typeof TONES }) {
  return (
    <span
      className={cn('inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-xs font-medium', TONES[tone], className)}
      {...props}
    />
  );
}
