import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES, type MessageCode } from '@shared/messages/catalog';
import { describe as describeExit } from '@shared/ffmpeg/classify';
import { engineMessage, englishOf } from '@shared/messages/engine-message';
import { SourceRetryWatch } from '../../../electron/engine/lives/runtime/source-retry';
import { TRANSLATIONS } from '../i18n/resources';
import { recogniseEngineSentence } from '@shared/messages/recognise';
import { eventReasonInWords, reasonInWords } from './message';

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

describe('run notes in the UI language (their stored code, and the sentences inside their parameters)', () => {
  it('shows an encoding note in French, each reason translated', () => {
    const reasons = [
      englishOf(engineMessage('plan.videoCodec', { codec: 'HEVC' })),
      englishOf(engineMessage('plan.audioChannels', { channels: 6 })),
    ].join('; ');
    expect(eventReasonInWords('ignored when a code is stored', engineMessage('runs.encoding', { reasons }), fr)).toBe(
      'Encodage : la vidéo est en HEVC, les sorties attendent du H.264; l’audio AAC a 6 canaux, les plateformes acceptent la stéréo.',
    );
  });

  it('translates the saturation, the source retry and its FFmpeg reason, and the give-up reason', () => {
    const busy = [engineMessage('runs.busyLoad', { load: '3.5' }), engineMessage('runs.busyOneSlowLive')]
      .map(englishOf)
      .join(', ');
    expect(eventReasonInWords('', engineMessage('runs.saturatedWaiting', { busy }), fr)).toBe(
      'En attente : la machine est saturée (charge de 3.5 par cœur, 1 live plus lent que le temps réel) ; ce live encode, il démarrera dès qu’il y aura de la place.',
    );
    const reason = describeExit('connectionRefused', 'the source');
    expect(eventReasonInWords('', engineMessage('runs.sourceRetrying', { seconds: 4, attempt: 3, reason }), fr)).toBe(
      'Source injoignable — nouvel essai dans 4 s, tentative 3 : La source : connexion refusée. Le serveur est arrêté, ou l’adresse ou le port est faux.',
    );
    const watch = new SourceRetryWatch({ kind: 'failAfter', seconds: 60 }, 0);
    watch.failed(1000, reason, 30_000);
    expect(eventReasonInWords('', watch.expired(60_000), fr)).toBe(
      'La source n’a pas pu être jointe en 1 min (1 tentative échouée) ; le live a abandonné. Dernière erreur : La source : connexion refusée. Le serveur est arrêté, ou l’adresse ou le port est faux.',
    );
  });

  it('falls back to recognising the English reason of a note stored before codes existed', () => {
    expect(eventReasonInWords('Sending the source as it is (no re-encoding).', undefined, fr)).toBe(
      'Envoi de la source telle quelle (sans réencodage).',
    );
  });
});
