import { Hourglass, LogOut } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { useSession } from './session-context';

/**
 * An account an admin has not approved yet: says so kindly, and that this page opens by itself
 * once they do (the engine tells it: `users.changed`), so nobody needs to reload or come back.
 */
export function WaitingScreen() {
  const { t } = useTranslation();
  const { status, signOut } = useSession();
  return (
    <main className="flex min-h-screen items-center justify-center bg-background p-6">
      <Card.Root className="w-full max-w-md" data-testid="waiting-screen">
        <Card.Body className="space-y-5 py-10 text-center">
          <div className="mx-auto flex size-14 items-center justify-center rounded-2xl bg-primary/10 text-primary">
            <Hourglass className="size-7" aria-hidden />
          </div>
          <div className="space-y-2">
            <h1 className="text-xl font-semibold">{t('team.waitingTitle')}</h1>
            <p className="text-sm text-muted-foreground">{t('team.waitingBody', { email: status.user?.email ?? '' })}</p>
            <p className="text-sm text-muted-foreground" role="status">
              {t('team.waitingAuto')}
            </p>
          </div>
          <Button variant="ghost" onClick={() => void signOut()} data-testid="sign-out">
            <LogOut aria-hidden />
            {t('team.signOut')}
          </Button>
        </Card.Body>
      </Card.Root>
    </main>
  );
}
