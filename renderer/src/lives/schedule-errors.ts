import type { TFunction } from 'i18next';

/** One sentence, one full stop: messages built from parts sometimes end in `..`. */
export function oneSentence(message: string): string {
  return message.trim().replace(/\.{2,}$/, '.');
}

const CRON_FIELDS = ['minute', 'hour', 'day', 'month', 'dayOfWeek'] as const;

/**
 * A cron refusal as a sentence in the UI language. The scheduler's message (from croner) is
 * technical and English; the common cases are recognised and said again, the rest kept whole.
 */
export function cronErrorSentence(message: string, t: TFunction): string {
  if (/space separated parts/.test(message)) return t('cron.error.parts');
  if (/cron pattern of 1 to/.test(message)) return t('cron.error.empty');
  const value = /Invalid value for (\w+): ([^\s]+?)\.*$/.exec(message);
  if (value) {
    const field = CRON_FIELDS.find((f) => f === value[1]);
    if (field) return t('cron.error.value', { value: value[2], field: t(`cron.field.${field}`) });
  }
  return oneSentence(message);
}

/**
 * A date field's refusal. An empty or half-typed date reaches the engine as no date at all, and
 * its "ISO 8601" wording is for developers: say what to do instead.
 */
export function dateErrorSentence(message: string, t: TFunction): string {
  if (/ISO 8601|not a date/i.test(message)) return t('dialog.schedule.pickDate');
  return oneSentence(message);
}
