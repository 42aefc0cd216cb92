import type { HTMLAttributes } from 'react';
import { cn } from '../../lib/cn';

/** A bordered surface grouping one topic. `Card.Root` > `Card.Header` > `Card.Title`, `Card.Body`. */
function Root({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return (
    <section className={cn('rounded-xl border border-border bg-card text-card-foreground shadow-sm', className)} {...props} />
  );
}

function Header({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('flex items-center justify-between gap-4 border-b border-border px-5 py-4', className)} {...props} />;
}

function Title({ className, ...props }: HTMLAttributes<HTMLHeadingElement>) {
  return <h2 className={cn('text-sm font-semibold tracking-wide', className)} {...props} />;
}

function Body({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('px-5 py-4', className)} {...props} />;
}

export const Card = { Root, Header, Title, Body };
