import * as RadixSwitch from '@radix-ui/react-switch';
import type { ComponentProps } from 'react';
import { cn } from '../../lib/cn';

/** An on/off toggle on Radix (role=switch). */
export function Switch({ className, ...props }: ComponentProps<typeof RadixSwitch.Root>) {
  return (
    <RadixSwitch.Root
      className={cn(
        // Off is a mid grey, not the card's muted tone: the switch must be seen on both themes.
        'inline-flex h-5 w-9 shrink-0 items-center rounded-full border border-transparent bg-muted-foreground/50 transition-colors',
        'focus-visible:ring-2 focus-visible:ring-ring/60 focus-visible:outline-none data-[state=checked]:border-primary data-[state=checked]:bg-primary',
        className,
      )}
      {...props}
    >
      <RadixSwitch.Thumb className="block size-4 translate-x-0.5 rounded-full bg-white shadow transition-transform data-[state=checked]:translate-x-4" />
    </RadixSwitch.Root>
  );
}
