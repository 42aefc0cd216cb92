import { useTranslation } from 'react-i18next';
import { Alert } from '../components/ui/alert';
import { useConnection } from './api-context';

/**
 * Says so when the engine went away (the web host stopped, later an agent's link dropped), on
 * every page, until the link is back; the figures on screen are frozen meanwhile (StatsPanel).
 */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const { state } = useConnection();
  if (state === 'connected') return null;
  return (
    <Alert.Root tone="offline" className="sticky top-0 z-30 rounded-none border-x-0 border-t-0" data-testid="connection-lost">
      <Alert.Title>{t('connection.lostTitle')}</Alert.Title>
      <Alert.Description>{t('connection.lostBody')}</Alert.Description>
    </Alert.Root>
  );
}
