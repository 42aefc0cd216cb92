import type { InputHTMLAttributes, LabelHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';
import { useId } from 'react';
import { cn } from '../../lib/cn';

const CONTROL =
  'w-full rounded-md border border-border bg-background px-3 py-2 text-sm text-foreground placeholder:text-muted-foreground/70 ' +
  'focus-visible:border-ring/70 focus-visible:ring-2 focus-visible:ring-ring/25 focus-visible:outline-none ' +
  'aria-invalid:border-danger/70 aria-invalid:ring-danger/20 disabled:opacity-50';

/** A one-line text control. */
export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(CONTROL, 'h-9 py-0', className)} {...props} />;
}

/** A multi-line text control (playlists: one path a line). */
export function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={cn(CONTROL, 'min-h-20 font-mono text-xs', className)} {...props} />;
}

export function Label({ className, ...props }: LabelHTMLAttributes<HTMLLabelElement>) {
  return <label className={cn('text-xs font-medium text-muted-foreground', className)} {...props} />;
}

export interface FieldProps {
  label: ReactNode;
  /** The form path this field edits (`destinations.0.url`): errors and tests find it by this name. */
  name: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  /** Receives the control's id and whether it is invalid, to wire label and aria attributes. */
  children: (control: { id: string; invalid: boolean; describedBy: string | undefined }) => ReactNode;
}

/** A label, one control, and the error (or hint) under it. */
export function Field({ label, name, error, hint, className, children }: FieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  const message = error ?? hint;
  return (
    <div className={cn('flex flex-col gap-1.5', className)} data-field={name}>
      <Label htmlFor={id}>{label}</Label>
      {children({ id, invalid: error !== undefined, describedBy: message ? messageId : undefined })}
      {message !== undefined && (
        <p
          id={messageId}
          className={cn('text-xs', error ? 'text-danger' : 'text-muted-foreground')}
          {...(error ? { 'data-field-error': name, role: 'alert' } : {})}
        >
          {message}
        </p>
      )}
    </div>
  );
}
