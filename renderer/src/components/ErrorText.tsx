import { useTranslation } from 'react-i18next';
import { messageOf } from '../lib/message';
import { cn } from '../lib/cn';

/** A failed call said in one line, in the UI language (an engine error by its message code). */
export function ErrorText({ error, className }: { error: unknown; className?: string }) {
  const { i18n } = useTranslation();
  return (
    <p role="alert" className={cn('text-sm text-danger', className)} data-testid="error-text">
      {messageOf(error, i18n)}
    </p>
  );
}
