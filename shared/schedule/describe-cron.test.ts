import { describe, expect, it } from 'vitest';
import { describeCron } from './describe-cron';

describe('describeCron', () => {
  it.each([
    ['0 9 * * *', 'Every day at 09:00', 'Tous les jours à 09:00'],
    ['30 20 * * 1-5', 'Monday to Friday at 20:30', 'Du lundi au vendredi à 20:30'],
    ['0 18 * * 6,0', 'On Sunday and Saturday at 18:00', 'Le dimanche et le samedi à 18:00'],
    ['0 18 * * SAT', 'On Saturday at 18:00', 'Le samedi à 18:00'],
    ['0 9,21 * * *', 'Every day at 09:00 and 21:00', 'Tous les jours à 09:00 et 21:00'],
    ['*/15 * * * *', 'Every 15 minutes', 'Toutes les 15 minutes'],
    ['0 */2 * * *', 'Every 2 hours, on the hour', 'Toutes les 2 heures, à l’heure pile'],
    [
      '45 * * * 1-5',
      'Every hour at 45 minutes past, Monday to Friday',
      'Toutes les heures à 45 minutes passées, du lundi au vendredi',
    ],
    ['0 9 1,15 * *', 'On day 1 and 15 of the month at 09:00', 'Le 1er et le 15 du mois à 09:00'],
    ['0 12 * 7,8 *', 'Every day in July and August at 12:00', 'Tous les jours en juillet et août à 12:00'],
    ['@daily', 'Every day at 00:00', 'Tous les jours à 00:00'],
    ['* * * * *', 'Every minute', 'Toutes les minutes'],
  ])('%s', (cron, en, fr) => {
    expect(describeCron(cron, 'en')).toBe(en);
    expect(describeCron(cron, 'fr')).toBe(fr);
  });

  it('quotes shapes it cannot put in words rather than guessing', () => {
    expect(describeCron('0 9 1 * 1', 'en')).toBe('On the schedule “0 9 1 * 1”');
    expect(describeCron('*/5 9-17 * * *', 'fr')).toBe('Selon la programmation « */5 9-17 * * * »');
    expect(describeCron('not a cron', 'en')).toBe('On the schedule “not a cron”');
  });
});
