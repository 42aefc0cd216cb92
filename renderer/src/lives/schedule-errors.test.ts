import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRecurrence, ScheduleInputError } from '@shared/schedule/recurrence';
import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import { cronErrorSentence, dateErrorSentence } from './schedule-errors';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: 'en', fallbackLng: false });
});

/** The scheduler's own message for a pattern, as the engine sends it. */
function refusal(cron: string): string {
  try {
    parseRecurrence(cron, 'Europe/Paris');
  } catch (error) {
    if (error instanceof ScheduleInputError) return error.message;
    throw error;
  }
  throw new Error(`${cron} was accepted`);
}

describe('schedule errors as sentences', () => {
  it('says what is wrong with a cron pattern in each language, with one full stop', () => {
    for (const lng of ['en', 'fr']) {
      const t = i18n.getFixedT(lng);
      for (const cron of ['30 20 * *', 'abc', '30 25 * * 1-5', '* * * * 8', '  ']) {
        const sentence = cronErrorSentence(refusal(cron), t);
        expect(sentence, `${lng}: ${cron}`).toMatch(/^[A-ZÀ-Ý«“0-9].*[^.]\.$/);
        expect(sentence).not.toMatch(/\.\.|CronPattern|configuration format/);
      }
    }
    expect(cronErrorSentence(refusal('30 25 * * 1-5'), i18n.getFixedT('en'))).toBe('25 is not a valid hour (0–23).');
    expect(cronErrorSentence(refusal('30 25 * * 1-5'), i18n.getFixedT('fr'))).toBe('25 n’est pas une heure valide (0 à 23).');
  });

  it('asks for a date instead of naming ISO 8601', () => {
    const t = i18n.getFixedT('fr');
    const sentence = dateErrorSentence('Expected an ISO 8601 date-time in UTC, e.g. 2026-03-29T18:00:00Z.', t);
    expect(sentence).not.toMatch(/ISO|8601/);
    expect(sentence).toBe(fr.dialog.schedule.pickDate);
    expect(dateErrorSentence('A one-off start in the past is refused..', t)).toBe('A one-off start in the past is refused.');
  });
});
