import type { AuthStatus } from '@shared/contract/accounts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { useRpc } from '../app/use-rpc';
import { sessionToken } from '../bridge/session-token';
import { Alert } from '../components/ui/alert';
import { messageOf } from '../lib/message';
import { SignInScreen } from './SignInScreen';
import { WaitingScreen } from './WaitingScreen';

interface SessionValue {
  /** Who this window is on the selected engine (`single-owner`: the desktop's one user). */
  readonly status: AuthStatus;
  readonly shared: boolean;
  signOut(): Promise<void>;
  /** Read the status again (after a sign-in). */
  refresh(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * In front of everything on a shared engine (a team's agent, the web host with `--mode shared`):
 * sign in or register, wait for approval, then the app. The account's own news arrives as
 * `users.changed`, so the waiting screen opens the app by itself the moment an admin approves.
 * A single-owner engine (the desktop's) goes straight through.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [reads, setReads] = useState(0);
  const refresh = useCallback(() => setReads((n) => n + 1), []);
  const status = useRpc(
    `auth.status:${reads}`,
    async (a) => {
      const now = await a.auth.status();
      const token = sessionToken.get();
      if (now.mode !== 'shared' || now.authenticated || !token) return now;
      // After a reload of the tab: the session it had, presented to this new connection.
      return a.auth.useSession({ token }).catch(() => {
        sessionToken.clear();
        return now;
      });
    },
    { keepPrevious: true },
  );
  const userId = status.data?.user?.id;
  useEffect(
    () => (userId ? api.on('users.changed', (change) => change.userId === userId && refresh()) : undefined),
    [api, userId, refresh],
  );
  const signOut = useCallback(async () => {
    await api.auth.logout().catch(() => undefined);
    sessionToken.clear();
    refresh();
  }, [api, refresh]);
  const value = useMemo<SessionValue | null>(
    () => (status.data ? { status: status.data, shared: status.data.mode === 'shared', signOut, refresh } : null),
    [status.data, signOut, refresh],
  );

  if (!value) {
    return status.error === undefined ? (
      <p className="p-8 text-sm text-muted-foreground">{t('common.loading')}</p>
    ) : (
      <div className="p-8">
        <Alert.Root tone="danger">
          <Alert.Title>{t('team.statusFailed')}</Alert.Title>
          <Alert.Description>{messageOf(status.error, i18n)}</Alert.Description>
        </Alert.Root>
      </div>
    );
  }
  const { status: now } = value;
  let screen: ReactNode = children;
  if (now.mode === 'shared' && !now.authenticated) screen = <SignInScreen onSignedIn={refresh} />;
  else if (now.mode === 'shared' && !now.isApproved) screen = <WaitingScreen />;
  return <SessionContext.Provider value={value}>{screen}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionGate>.');
  return value;
}
