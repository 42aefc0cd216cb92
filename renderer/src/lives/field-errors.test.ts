import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { RpcError, toRpcIssues } from '@shared/contract/errors';
import { LiveFields as LiveFieldsInput } from '@shared/contract/lives';
import { checkLiveConsistency } from '@shared/lives/consistency';
import { TRANSLATIONS } from '../i18n/resources';
import { errorsStillStanding, submitErrorsOf } from './field-errors';

describe('errorsStillStanding', () => {
  const sent = {
    title: '',
    destinations: [{ name: 'Preview' }, { name: 'RTMP server', url: 'http://x' }],
    start: { kind: 'once', at: '' },
  };
  const errors = { title: 'A live needs a title.', 'destinations.1.url': 'Use rtmp://.', 'start.at': 'Choose a date.' };

  it('keeps every error while nothing changed', () => {
    expect(errorsStillStanding(errors, sent, structuredClone(sent))).toEqual(errors);
  });

  it('drops the error of a field that changed, and only that one', () => {
    const fixed = structuredClone(sent);
    fixed.destinations[1]!.url = 'rtmp://x/live';
    expect(errorsStillStanding(errors, sent, fixed)).toEqual({ title: errors.title, 'start.at': errors['start.at'] });
    const titled = { ...structuredClone(sent), title: 'Friday' };
    expect(Object.keys(errorsStillStanding(errors, sent, titled))).toEqual(['destinations.1.url', 'start.at']);
  });

  it('drops an error whose field went away (another start kind)', () => {
    const manual = { ...structuredClone(sent), start: { kind: 'manual' } };
    expect(errorsStillStanding(errors, sent, manual)).not.toHaveProperty('start.at');
  });
});

describe('field errors in the UI language (INVALID_PARAMS issues carry a catalog code)', () => {
  const fr = i18next.createInstance();
  const en = i18next.createInstance();
  beforeAll(async () => {
    await fr.init({ resources: { fr: { translation: TRANSLATIONS.fr } }, lng: 'fr', fallbackLng: false });
    await en.init({ resources: { en: { translation: TRANSLATIONS.en } }, lng: 'en', fallbackLng: false });
  });

  function invalid(input: unknown, now = Date.now()): RpcError {
    const parsed = LiveFieldsInput.safeParse(input);
    const issues = parsed.success
      ? checkLiveConsistency(parsed.data, { now, startMustBeFuture: true })
      : toRpcIssues(parsed.error.issues);
    return new RpcError('INVALID_PARAMS', 'Invalid parameters.', { issues });
  }

  it('shows the schema’s refinements in French: control characters, refused schemes, listener mode, key characters', () => {
    const error = invalid({
      title: 'Nuit',
      source: { kind: 'url', url: 'srt://example.com:9000?mode=listener', format: 'srt' },
      destinations: [
        { name: 'Serveur', kind: 'custom-rtmp', url: 'file:/etc/passwd', streamKey: 'a b' },
        { name: 'Bis', kind: 'custom-rtmp', url: 'rtmp://host/app\nx', streamKey: 'k' },
      ],
    });
    const { fields, general } = submitErrorsOf(error, fr);
    expect(general).toEqual([]);
    expect(fields).toEqual({
      'source.url':
        'LiveManager se connecte toujours lui-même et n’attend jamais qu’un pair se connecte : retirez mode=listener de l’URL.',
      'destinations.0.url': 'Une destination personnalisée demande une URL rtmp:// ou rtmps:// avec un hôte.',
      'destinations.0.streamKey': 'Une clé de stream ne contient ni espace, ni barre oblique, ni ?, # ou &.',
      'destinations.1.url': 'L’URL contient un caractère de contrôle (saut de ligne, tabulation, NUL…).',
    });
    expect(submitErrorsOf(error, en).fields['destinations.0.url']).toBe(
      'A custom destination needs an rtmp:// or rtmps:// URL with a host.',
    );
  });

  it('shows the rules across fields (a start in the past) and the recurrence’s in French', () => {
    const past = invalid({
      title: 'Nuit',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Aperçu', kind: 'hls-local' }],
      start: { kind: 'once', at: '2020-01-01T00:00:00Z', timeZone: 'UTC' },
    });
    expect(submitErrorsOf(past, fr).fields['start.at']).toBe('L’heure de début est passée.');
    const zone = invalid({
      title: 'Nuit',
      source: { kind: 'testPattern' },
      destinations: [{ name: 'Aperçu', kind: 'hls-local' }],
      start: { kind: 'recurring', cron: '0 20 * * 5', timeZone: 'Mars/Olympus' },
    });
    expect(submitErrorsOf(zone, fr).fields['start.timeZone']).toBe('Fuseau horaire inconnu « Mars/Olympus ».');
  });

  it('never shows zod’s own English wording in French: a generic sentence instead', () => {
    const error = invalid({ title: 42, source: { kind: 'testPattern' }, destinations: [] });
    const { fields } = submitErrorsOf(error, fr);
    expect(fields.title).toBe('Cette valeur n’est pas valide.');
  });
});
