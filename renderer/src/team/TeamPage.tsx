import type { User } from '@shared/contract/accounts';
import { isActive } from '@shared/lives/state-machine';
import { Check, ShieldCheck, ShieldOff, Square, UserX } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { useLives } from '../app/lives-context';
import { toastError } from '../app/notify';
import { hrefOf } from '../app/route';
import { useMinuteClock } from '../app/use-clock';
import { Alert } from '../components/ui/alert';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { formatRelative } from '../lib/format';
import { sortedLives } from '../lives/lives-store';
import { StateBadge } from '../lives/StateBadge';
import { useSession } from './session-context';
import { useUsers } from './users-store';

/** The team on a shared engine (admins): accounts to approve, revoke, promote; every live with its owner. */
export function TeamPage() {
  const { t } = useTranslation();
  const { status } = useSession();
  const admin = status.mode === 'shared' && status.isAdmin;
  const { users, error } = useUsers(admin);
  if (!admin) {
    return (
      <div className="mx-auto max-w-5xl p-8">
        <Alert.Root tone="info">
          <Alert.Description>{t('team.adminsOnly')}</Alert.Description>
        </Alert.Root>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-5xl space-y-6 p-8">
      <header>
        <h1 className="text-2xl font-semibold">{t('team.title')}</h1>
        <p className="mt-1 text-sm text-muted-foreground">{t('team.subtitle')}</p>
      </header>
      {error && (
        <Alert.Root tone="danger">
          <Alert.Description>{error}</Alert.Description>
        </Alert.Root>
      )}
      {users && <UsersTable users={users} me={status.user?.id} />}
      <EveryLive users={users ?? []} />
    </div>
  );
}

function UsersTable({ users, me }: { users: readonly User[]; me: string | undefined }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const now = useMinuteClock();
  const [busy, setBusy] = useState<string | null>(null);
  const act = (user: User, action: () => Promise<unknown>): void => {
    setBusy(user.id);
    action()
      .catch((error: unknown) => toastError(error, t('team.actionFailed', { email: user.email })))
      .finally(() => setBusy(null));
  };
  const waiting = users.filter((u) => !u.isApproved).length;
  return (
    <Card.Root>
      <Card.Header>
        <Card.Title>{t('team.accounts')}</Card.Title>
        {waiting > 0 && <Badge tone="warning">{t('team.waitingCount', { count: waiting })}</Badge>}
      </Card.Header>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="users-table">
          <caption className="sr-only">{t('team.accounts')}</caption>
          <thead className="text-left text-xs text-muted-foreground">
            <tr>
              <th scope="col" className="px-5 py-2 font-medium">
                {t('team.email')}
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t('team.role')}
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                {t('team.lastSeen')}
              </th>
              <th scope="col" className="px-5 py-2 text-right font-medium">
                {t('team.actions')}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {users.map((user) => (
              <tr key={user.id} data-testid="user-row" data-email={user.email} data-approved={user.isApproved}>
                <td className="px-5 py-3 font-medium">
                  {user.email}
                  {user.id === me && <span className="ml-2 text-xs text-muted-foreground">{t('team.you')}</span>}
                </td>
                <td className="px-3 py-3">
                  {!user.isApproved ? (
                    <Badge tone="warning">{t('team.waiting')}</Badge>
                  ) : user.isAdmin ? (
                    <Badge tone="success">{t('team.admin')}</Badge>
                  ) : (
                    <Badge>{t('team.member')}</Badge>
                  )}
                </td>
                <td className="px-3 py-3 text-muted-foreground">
                  {user.lastSeenAt ? formatRelative(Date.parse(user.lastSeenAt), now, i18n.language) : t('team.never')}
                </td>
                <td className="px-5 py-3">
                  <div className="flex justify-end gap-2">
                    {!user.isApproved && (
                      <Button
                        size="sm"
                        variant="primary"
                        disabled={busy === user.id}
                        onClick={() => act(user, () => api.users.approve({ userId: user.id }))}
                        data-testid="approve"
                        aria-label={t('team.approveWho', { email: user.email })}
                      >
                        <Check aria-hidden />
                        {t('team.approve')}
                      </Button>
                    )}
                    {user.isApproved && user.id !== me && (
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={busy === user.id}
                        onClick={() => act(user, () => api.users.setAdmin({ userId: user.id, isAdmin: !user.isAdmin }))}
                        aria-label={t(user.isAdmin ? 'team.removeAdminWho' : 'team.makeAdminWho', { email: user.email })}
                        data-testid="toggle-admin"
                      >
                        {user.isAdmin ? <ShieldOff aria-hidden /> : <ShieldCheck aria-hidden />}
                        {user.isAdmin ? t('team.removeAdmin') : t('team.makeAdmin')}
                      </Button>
                    )}
                    {user.isApproved && user.id !== me && (
                      <Button
                        size="sm"
                        variant="danger"
                        disabled={busy === user.id}
                        onClick={() => act(user, () => api.users.revoke({ userId: user.id }))}
                        aria-label={t('team.revokeWho', { email: user.email })}
                        data-testid="revoke"
                      >
                        <UserX aria-hidden />
                        {t('team.revoke')}
                      </Button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card.Root>
  );
}

/** Admins see every live: who owns it, its state, and a Stop for those running. */
function EveryLive({ users }: { users: readonly User[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const byId = useLives((s) => s.lives);
  const lives = useMemo(() => sortedLives(byId), [byId]);
  const emails = useMemo(() => new Map(users.map((u) => [u.id, u.email])), [users]);
  const stop = (liveId: string, title: string): void => {
    api.lives.stop({ liveId }).catch((error: unknown) => toastError(error, t('lives.stopFailed', { title })));
  };
  return (
    <Card.Root>
      <Card.Header>
        <Card.Title>{t('team.everyLive')}</Card.Title>
      </Card.Header>
      {lives.length === 0 ? (
        <p className="px-5 py-4 text-sm text-muted-foreground">{t('team.noLives')}</p>
      ) : (
        <ul className="divide-y divide-border" data-testid="team-lives">
          {lives.map((live) => (
            <li key={live.id} className="flex items-center gap-4 px-5 py-3 text-sm" data-testid="team-live">
              <a href={hrefOf({ page: 'live', liveId: live.id })} className="min-w-0 flex-1 truncate font-medium hover:underline">
                {live.title}
              </a>
              <span className="truncate text-muted-foreground">{emails.get(live.ownerId) ?? live.ownerId}</span>
              <StateBadge state={live.state} />
              {isActive(live.state) && (
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={live.state === 'stopping'}
                  onClick={() => stop(live.id, live.title)}
                  aria-label={t('team.stopWho', { title: live.title })}
                  data-testid="team-stop"
                >
                  <Square aria-hidden className="fill-current" />
                  {t('lives.stop')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card.Root>
  );
}

export default TeamPage;
