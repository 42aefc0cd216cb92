import * as RadixTooltip from '@radix-ui/react-tooltip';
import type { ComponentProps, ReactNode } from 'react';
import { cn } from '../../lib/cn';

/** A hover/focus hint on Radix. Wrap the app once in `Tooltip.Provider`. */
function Content({ className, ...props }: ComponentProps<typeof RadixTooltip.Content>) {
  return (
    <RadixTooltip.Portal>
      <RadixTooltip.Content
        sideOffset={6}
        className={cn(
          'z-[70] max-w-xs rounded-md border border-border bg-card px-2.5 py-1.5 text-xs text-card-foreground shadow-lg',
          className,
        )}
        {...props}
      />
    </RadixTooltip.Portal>
  );
}

/** The common case: `<Tooltip.Simple text="…"><button/></Tooltip.Simple>`. */
function Simple({ text, children }: { text: ReactNode; children: ReactNode }) {
  return (
    <RadixTooltip.Root>
      <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
      <Content>{text}</Content>
    </RadixTooltip.Root>
  );
}

export const Tooltip = {
  Provider: RadixTooltip.Provider,
  Root: RadixTooltip.Root,
  Trigger: RadixTooltip.Trigger,
  Content,
  Simple,
};
