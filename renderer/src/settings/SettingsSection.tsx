import type { ReactNode } from 'react';
import { Card } from '../components/ui/card';

/** One topic of the Settings page: a titled card, an optional sentence, its controls. */
export function SettingsSection({
  id,
  title,
  description,
  action,
  children,
}: {
  id: string;
  title: string;
  description?: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card.Root aria-labelledby={`${id}-title`} data-testid={`settings-${id}`}>
      <Card.Header>
        <div>
          <Card.Title id={`${id}-title`}>{title}</Card.Title>
          {description && <p className="mt-1 text-xs text-muted-foreground">{description}</p>}
        </div>
        {action}
      </Card.Header>
      <Card.Body className="space-y-4">{children}</Card.Body>
    </Card.Root>
  );
}

/** A label and a switch on one line, the sentence under it. */
export function SwitchRow({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="flex items-start justify-between gap-6">
      <div className="text-sm">
        <p className="font-medium">{label}</p>
        {hint && <p className="text-xs text-muted-foreground">{hint}</p>}
      </div>
      {children}
    </div>
  );
}
