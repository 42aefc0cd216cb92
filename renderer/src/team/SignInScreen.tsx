import { Activity, LogIn, UserPlus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { sessionToken } from '../bridge/session-token';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { Field, Input } from '../components/ui/input';
import { Tabs } from '../components/ui/tabs';
import { messageOf } from '../lib/message';

type Mode = 'signIn' | 'register';

/**
 * Sign in to a team's engine, or create an account there (the first account is its admin; the
 * others wait for one). A new account is signed in at once, so it sees the waiting screen.
 */
export function SignInScreen({ onSignedIn }: { onSignedIn: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [mode, setMode] = useState<Mode>('signIn');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const language = i18n.language.startsWith('fr') ? 'fr' : 'en';
    (async () => {
      if (mode === 'register') await api.auth.register({ email, password, language });
      const session = await api.auth.login({ email, password });
      sessionToken.set(session.token);
      onSignedIn();
    })()
      .catch((failure: unknown) => setError(messageOf(failure, i18n)))
      .finally(() => setBusy(false));
  };

  return (
    <main className="flex min-h-screen items-center justify-center bg-background p-6">
      <Card.Root className="w-full max-w-md">
        <Card.Body className="space-y-6 py-8">
          <header className="space-y-2 text-center">
            <Activity className="mx-auto size-8 text-primary" aria-hidden />
            <h1 className="text-xl font-semibold">{t('team.signInTitle')}</h1>
            <p className="text-sm text-muted-foreground">{t('team.signInBody')}</p>
          </header>
          <Tabs.Root value={mode} onValueChange={(next) => setMode(next as Mode)}>
            <Tabs.List aria-label={t('team.signInTitle')} className="w-full">
              <Tabs.Trigger value="signIn" className="flex-1" data-testid="tab-sign-in">
                {t('team.signIn')}
              </Tabs.Trigger>
              <Tabs.Trigger value="register" className="flex-1" data-testid="tab-register">
                {t('team.register')}
              </Tabs.Trigger>
            </Tabs.List>
            {/* One panel whose value follows the tab, so the selected tab controls a real element. */}
            <Tabs.Content value={mode} className="mt-6">
              <form className="space-y-4" onSubmit={submit} data-testid="sign-in-form">
                <Field label={t('team.email')} name="email">
                  {({ id }) => (
                    <Input
                      id={id}
                      type="email"
                      autoComplete="email"
                      required
                      value={email}
                      onChange={(e) => setEmail(e.target.value)}
                      data-testid="email"
                    />
                  )}
                </Field>
                <Field label={t('team.password')} name="password" hint={mode === 'register' ? t('team.passwordHint') : undefined}>
                  {({ id, describedBy }) => (
                    <Input
                      id={id}
                      type="password"
                      autoComplete={mode === 'register' ? 'new-password' : 'current-password'}
                      required
                      minLength={mode === 'register' ? 10 : undefined}
                      aria-describedby={describedBy}
                      value={password}
                      onChange={(e) => setPassword(e.target.value)}
                      data-testid="password"
                    />
                  )}
                </Field>
                {error && (
                  <Alert.Root tone="danger" data-testid="sign-in-error">
                    <Alert.Description>{error}</Alert.Description>
                  </Alert.Root>
                )}
                <Button type="submit" variant="primary" className="w-full" disabled={busy} data-testid="sign-in-submit">
                  {mode === 'register' ? <UserPlus aria-hidden /> : <LogIn aria-hidden />}
                  {mode === 'register' ? t('team.createAccount') : t('team.signIn')}
                </Button>
              </form>
            </Tabs.Content>
          </Tabs.Root>
        </Card.Body>
      </Card.Root>
    </main>
  );
}
