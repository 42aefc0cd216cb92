import i18next from 'i18next';
import { toast } from 'sonner';
import { messageOf } from '../lib/message';

/** A failed call as a toast, its message in the UI language (see `messageOf`). */
export function toastError(error: unknown, title?: string): void {
  const message = messageOf(error, i18next);
  if (title) toast.error(title, { description: message });
  else toast.error(message);
}
