import { toast } from 'sonner';
import { messageOf } from '../lib/message';

/** A failed call as a toast with the engine's own message (RpcError messages are written for people). */
export function toastError(error: unknown, title?: string): void {
  const message = messageOf(error);
  if (title) toast.error(title, { description: message });
  else toast.error(message);
}
