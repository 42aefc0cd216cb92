import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES, type MessageCode } from '@shared/messages/catalog';
import { describe as describeExit } from '@shared/ffmpeg/classify';
import { englishOf } from '@shared/messages/engine-message';
import { TRANSLATIONS } from '../i18n/resources';
import { reasonInWords, recogniseEngineSentence } from './message';

const fr = i18next.createInstance();
beforeAll(async () => {
  await fr.init({ resources: { fr: { translation: TRANSLATIONS.fr } }, lng: 'fr', fallbackLng: false });
});

describe('run reasons in the UI language', () => {
  it('reads every catalog sentence back to its code and parameters', () => {
    for (const code of Object.keys(MESSAGES) as MessageCode[]) {
      const params = Object.fromEntries([...MESSAGES[code].matchAll(/\{\{(\w+)\}\}/g)].map((m) => [m[1], `v-${m[1]}`]));
      expect(recogniseEngineSentence(englishOf({ code, params })), code).toEqual({ code, params });
    }
  });

  it('shows a stored run reason the engine wrote in English in French, and leaves other text as it is', () => {
    expect(reasonInWords('The engine stopped while this live was running.', fr)).toBe(
      'Le moteur s’est arrêté pendant que ce live tournait.',
    );
    expect(reasonInWords('Destination "Twitch" has no stream key: enter it before starting.', fr)).toBe(
      'La destination « Twitch » n’a pas de clé de stream : saisissez-la avant de démarrer.',
    );
    expect(reasonInWords('FFmpeg said something new.', fr)).toBe('FFmpeg said something new.');
  });

  it('says FFmpeg’s classified exits in French, about the source or a destination by its name', () => {
    expect(reasonInWords(describeExit('networkUnreachable', 'the source'), fr)).toBe(
      'La source : injoignable. Vérifiez la connexion internet et l’adresse du serveur.',
    );
    expect(reasonInWords(describeExit('keyRejected', 'Twitch'), fr)).toBe(
      'Le serveur a refusé la clé de stream pour Twitch. Vérifiez la clé dans les réglages de la destination.',
    );
  });
});
