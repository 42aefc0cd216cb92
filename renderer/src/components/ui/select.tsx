import * as RadixSelect from '@radix-ui/react-select';
import { Check, ChevronDown } from 'lucide-react';
import type { ComponentProps } from 'react';
import { cn } from '../../lib/cn';

/**
 * A list box on Radix. `Select.Root value onValueChange` > `Select.Trigger` (with a placeholder)
 * > `Select.Content` > `Select.Item value`.
 */
function Trigger({ className, placeholder, ...props }: ComponentProps<typeof RadixSelect.Trigger> & { placeholder?: string }) {
  return (
    <RadixSelect.Trigger
      className={cn(
        'inline-flex h-9 w-full items-center justify-between gap-2 rounded-md border border-border bg-background px-3 text-left text-sm',
        'focus-visible:border-ring/70 focus-visible:ring-2 focus-visible:ring-ring/25 focus-visible:outline-none',
        'aria-invalid:border-danger/70 data-[placeholder]:text-muted-foreground disabled:opacity-50',
        className,
      )}
      {...props}
    >
      <RadixSelect.Value placeholder={placeholder} />
      <RadixSelect.Icon>
        <ChevronDown className="size-4 text-muted-foreground" aria-hidden />
      </RadixSelect.Icon>
    </RadixSelect.Trigger>
  );
}

function Content({ className, children, ...props }: ComponentProps<typeof RadixSelect.Content>) {
  return (
    <RadixSelect.Portal>
      <RadixSelect.Content
        position="popper"
        sideOffset={4}
        className={cn(
          'z-[60] max-h-72 min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-md border border-border bg-card text-card-foreground shadow-xl',
          className,
        )}
        {...props}
      >
        <RadixSelect.Viewport className="p-1">{children}</RadixSelect.Viewport>
      </RadixSelect.Content>
    </RadixSelect.Portal>
  );
}

function Item({ className, children, ...props }: ComponentProps<typeof RadixSelect.Item>) {
  return (
    <RadixSelect.Item
      className={cn(
        'relative flex cursor-default items-center rounded-sm py-1.5 pr-8 pl-2 text-sm outline-none select-none',
        'data-[disabled]:opacity-50 data-[highlighted]:bg-muted',
        className,
      )}
      {...props}
    >
      <RadixSelect.ItemText>{children}</RadixSelect.ItemText>
      <RadixSelect.ItemIndicator className="absolute right-2 inline-flex items-center">
        <Check className="size-4 text-primary" aria-hidden />
      </RadixSelect.ItemIndicator>
    </RadixSelect.Item>
  );
}

export const Select = { Root: RadixSelect.Root, Trigger, Content, Item, Group: RadixSelect.Group };
