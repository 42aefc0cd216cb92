import * as RadixDialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import { useState, type ComponentProps, type HTMLAttributes } from 'react';
import { cn } from '../../lib/cn';

/**
 * A modal dialog on Radix (focus trap, Escape, aria). `Dialog.Root` > `Dialog.Content` >
 * `Dialog.Header` (`Dialog.Title`, `Dialog.Description`), body, `Dialog.Footer`.
 * Closing gives focus back to the control that opened it, also when the dialog is mounted
 * only while open (Radix would return it to the field an `autoFocus` took it to).
 */
function Content({
  className,
  children,
  closeLabel,
  onCloseAutoFocus,
  ...props
}: ComponentProps<typeof RadixDialog.Content> & { closeLabel: string }) {
  // Read during the first render, before any autoFocus inside the dialog moves it.
  const [opener] = useState(() => (typeof document === 'undefined' ? null : document.activeElement));
  const returnFocus = (event: Event): void => {
    onCloseAutoFocus?.(event);
    if (event.defaultPrevented || !(opener instanceof HTMLElement) || !opener.isConnected || opener === document.body) return;
    event.preventDefault();
    opener.focus();
  };
  return (
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/60 backdrop-blur-[2px]" />
      <RadixDialog.Content
        onCloseAutoFocus={returnFocus}
        className={cn(
          'fixed top-1/2 left-1/2 z-50 flex max-h-[90vh] w-[min(44rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 flex-col',
          'rounded-xl border border-border bg-card text-card-foreground shadow-2xl focus:outline-none',
          className,
        )}
        {...props}
      >
        {children}
        <RadixDialog.Close
          className="absolute top-4 right-4 rounded-md p-1 text-muted-foreground hover:bg-muted hover:text-foreground"
          aria-label={closeLabel}
        >
          <X className="size-4" aria-hidden />
        </RadixDialog.Close>
      </RadixDialog.Content>
    </RadixDialog.Portal>
  );
}

function Header({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('border-b border-border px-6 pt-5 pb-4', className)} {...props} />;
}

function Body({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('flex-1 overflow-y-auto px-6 py-5', className)} {...props} />;
}

function Footer({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('flex items-center justify-end gap-2 border-t border-border px-6 py-4', className)} {...props} />;
}

function Title({ className, ...props }: ComponentProps<typeof RadixDialog.Title>) {
  return <RadixDialog.Title className={cn('text-lg font-semibold', className)} {...props} />;
}

function Description({ className, ...props }: ComponentProps<typeof RadixDialog.Description>) {
  return <RadixDialog.Description className={cn('mt-1 text-sm text-muted-foreground', className)} {...props} />;
}

export const Dialog = {
  Root: RadixDialog.Root,
  Trigger: RadixDialog.Trigger,
  Close: RadixDialog.Close,
  Content,
  Header,
  Body,
  Footer,
  Title,
  Description,
};
