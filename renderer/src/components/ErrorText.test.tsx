import { RpcError, RpcErrorPayload } from '@shared/contract/errors';
import { engineMessage } from '@shared/messages/engine-message';
import i18next from 'i18next';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TRANSLATIONS } from '../i18n/resources';
import { ErrorText } from './ErrorText';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: TRANSLATIONS.en }, fr: { translation: TRANSLATIONS.fr } },
    lng: 'fr',
    fallbackLng: false,
  });
});
afterEach(() => i18n.changeLanguage('fr'));

const render = (node: ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);

/** An error as the renderer receives it: thrown by the engine, sent as JSON, read back by the client. */
function overTheWire(error: RpcError): RpcError {
  return RpcError.fromPayload(RpcErrorPayload.parse(JSON.parse(JSON.stringify(error.toPayload()))));
}

describe('engine errors in the UI language', () => {
  it('a French UI shows an engine refusal in French, its parameters included (the state in French too)', () => {
    const error = overTheWire(RpcError.of('INVALID_STATE', engineMessage('lives.destinationWithoutKey', { name: 'Twitch' })));
    expect(error.message).toBe('Destination "Twitch" has no stream key: enter it before starting.');
    expect(render(<ErrorText error={error} />)).toContain(
      'La destination « Twitch » n’a pas de clé de stream : saisissez-la avant de démarrer.',
    );
    const running = overTheWire(RpcError.of('INVALID_STATE', engineMessage('lives.stopBeforeDeleting', { state: 'live' })));
    expect(render(<ErrorText error={running} />)).toContain(
      'Ce live est à l’état « En direct » : arrêtez-le avant de le supprimer.',
    );
  });

  it('an English UI shows the English sentence', async () => {
    await i18n.changeLanguage('en');
    const error = overTheWire(RpcError.of('LIMIT_REACHED', engineMessage('lives.quotaReached', { max: 200 })));
    expect(render(<ErrorText error={error} />)).toContain('You already have 200 lives');
  });

  it('an engine sentence without a code (an older agent) is replaced by its error code’s French sentence', () => {
    const old = overTheWire(new RpcError('NOT_FOUND', 'No provider with id "p1".'));
    const html = render(<ErrorText error={old} />);
    expect(html).toContain('Cet élément n’existe plus.');
    expect(html).not.toContain('No provider');
  });
});
