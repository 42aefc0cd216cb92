import { useEffect, useState } from 'react';
import { useApi } from '../app/api-context';
import { ChatConnection, type ChatView } from './chat-connection';

export type StaffChat =
  | { readonly kind: 'loading' }
  /** The public listener is off: the room cannot be reached until sharing is on. */
  | { readonly kind: 'unreachable' }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'open'; readonly chat: ChatConnection; readonly view: ChatView };

/**
 * The app's side of an output's chat room: staff access from the engine (`chat.staffAccess`),
 * then one ChatConnection to the public listener, closed when the output changes or the panel goes.
 */
export function useStaffChat(outputId: string): StaffChat {
  const api = useApi();
  const [state, setState] = useState<StaffChat>({ kind: 'loading' });
  useEffect(() => {
    let chat: ChatConnection | null = null;
    let alive = true;
    api.chat
      .staffAccess({ outputId })
      .then((access) => {
        if (!alive) return;
        if (access.url === null) return setState({ kind: 'unreachable' });
        const opened = new ChatConnection(access.url, { chatToken: access.chatToken });
        chat = opened;
        setState({ kind: 'open', chat: opened, view: opened.view });
        opened.subscribe((view) => setState({ kind: 'open', chat: opened, view }));
      })
      .catch((error: unknown) => alive && setState({ kind: 'failed', error }));
    return () => {
      alive = false;
      chat?.close();
    };
  }, [api, outputId]);
  return state;
}
