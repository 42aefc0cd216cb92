import type { User } from '@shared/contract/accounts';
import { readAllPages } from '@shared/contract/paging';
import { useEffect, useState } from 'react';
import { useApi, useConnection } from '../app/api-context';
import { messageOf } from '../lib/message';

export interface UsersState {
  readonly users: readonly User[] | null;
  readonly error: string | null;
}

/** Oldest first, as `users.list` pages them; a changed account replaces its row, a new one is added. */
export function withUser(users: readonly User[], user: User): User[] {
  const index = users.findIndex((u) => u.id === user.id);
  if (index === -1) return [...users, user];
  return users.map((u, i) => (i === index ? user : u));
}

/**
 * Every account of a shared engine (admins only), read page by page once, then kept current by
 * `users.changed` — registrations, approvals, roles — without asking again.
 */
export function useUsers(enabled: boolean): UsersState {
  const api = useApi();
  const { epoch } = useConnection();
  const [state, setState] = useState<UsersState>({ users: null, error: null });
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    const early: User[] = [];
    const off = api.on('users.changed', ({ user }) => {
      if (!current) return;
      early.push(user);
      setState((s) => (s.users ? { ...s, users: withUser(s.users, user) } : s));
    });
    readAllPages((cursor) => api.users.list({ limit: 500, ...(cursor ? { cursor } : {}) })).then(
      (users) => current && setState({ users: early.reduce(withUser, users), error: null }),
      (error: unknown) => current && setState({ users: null, error: messageOf(error) }),
    );
    return () => {
      current = false;
      off();
    };
  }, [api, epoch, enabled]);
  return state;
}
