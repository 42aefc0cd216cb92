/**
 * A cron pattern in words, for the live form and the schedule list ("Monday to Friday at 20:30",
 * « Du lundi au vendredi à 20:30 »). Covers the shapes streamers use; anything else falls back
 * to quoting the pattern, never to a wrong sentence.
 */

export type ScheduleLang = 'en' | 'fr';

type Field = { kind: 'any' } | { kind: 'step'; step: number } | { kind: 'values'; values: number[] };

const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const WORDS = {
  en: {
    days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    months: [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ],
    and: 'and',
    everyDay: 'every day',
    dayRange: (a: string, b: string) => `${a} to ${b}`,
    dayList: (list: string) => `on ${list}`,
    monthDays: (list: string) => `on day ${list} of the month`,
    inMonths: (list: string) => `in ${list}`,
    at: (list: string) => `at ${list}`,
    everyMinute: 'every minute',
    everyMinutes: (n: number) => `every ${n} minutes`,
    everyHourAt: (m: number) => (m === 0 ? 'every hour, on the hour' : `every hour at ${m} minutes past`),
    everyHoursAt: (n: number, m: number) => (m === 0 ? `every ${n} hours, on the hour` : `every ${n} hours at ${m} minutes past`),
    fallback: (cron: string) => `On the schedule “${cron}”`,
  },
  fr: {
    days: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
    months: [
      'janvier',
      'février',
      'mars',
      'avril',
      'mai',
      'juin',
      'juillet',
      'août',
      'septembre',
      'octobre',
      'novembre',
      'décembre',
    ],
    and: 'et',
    everyDay: 'tous les jours',
    dayRange: (a: string, b: string) => `du ${a} au ${b}`,
    dayList: (list: string) => list,
    monthDays: (list: string) => `${list} du mois`,
    inMonths: (list: string) => `en ${list}`,
    at: (list: string) => `à ${list}`,
    everyMinute: 'toutes les minutes',
    everyMinutes: (n: number) => `toutes les ${n} minutes`,
    everyHourAt: (m: number) => (m === 0 ? 'toutes les heures, à l’heure pile' : `toutes les heures à ${m} minutes passées`),
    everyHoursAt: (n: number, m: number) =>
      m === 0 ? `toutes les ${n} heures, à l’heure pile` : `toutes les ${n} heures à ${m} minutes passées`,
    fallback: (cron: string) => `Selon la programmation « ${cron} »`,
  },
} as const;

function parseField(text: string, min: number, max: number, names?: readonly string[]): Field | null {
  if (text === '*' || text === '?') return { kind: 'any' };
  const step = /^\*\/(\d+)$/.exec(text);
  if (step) return { kind: 'step', step: Number(step[1]) };
  const values = new Set<number>();
  for (const token of text.split(',')) {
    const match = /^([a-z0-9]+)(?:-([a-z0-9]+))?(?:\/(\d+))?$/i.exec(token);
    if (!match) return null;
    const from = toNumber(match[1] ?? '', names);
    const to = match[2] === undefined ? from : toNumber(match[2], names);
    const by = match[3] === undefined ? 1 : Number(match[3]);
    if (from === null || to === null || by < 1 || from > to || from < min || to > max) return null;
    for (let v = from; v <= to; v += by) values.add(v);
  }
  return { kind: 'values', values: [...values].sort((a, b) => a - b) };
}

function toNumber(token: string, names?: readonly string[]): number | null {
  if (/^\d+$/.test(token)) return Number(token);
  const index = names?.indexOf(token.toLowerCase()) ?? -1;
  return index >= 0 ? index : null;
}

function joinList(items: readonly string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1] ?? ''}`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** True when `values` is one unbroken run, such as Monday–Friday. */
function isRun(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v === (values[i - 1] ?? v) + 1);
}

export function describeCron(cron: string, lang: ScheduleLang): string {
  const w = WORDS[lang];
  const pattern = cron.trim().replace(/\s+/g, ' ');
  const parts = (NICKNAMES[pattern.toLowerCase()] ?? pattern).split(' ');
  const fallback = w.fallback(pattern);
  if (parts.length !== 5) return fallback;
  const [mText, hText, domText, monText, dowText] = parts as [string, string, string, string, string];
  const minute = parseField(mText, 0, 59);
  const hour = parseField(hText, 0, 23);
  const dom = parseField(domText, 1, 31);
  const month = parseField(monText, 1, 12, ['', ...MONTH_NAMES]);
  const dow = parseField(dowText, 0, 7, DAY_NAMES);
  if (!minute || !hour || !dom || !month || !dow) return fallback;

  let time: { fixed: boolean; text: string } | null = null;
  if (minute.kind === 'values' && minute.values.length === 1 && hour.kind === 'values') {
    const m = minute.values[0] ?? 0;
    time = {
      fixed: true,
      text: w.at(
        joinList(
          hour.values.map((h) => `${pad(h)}:${pad(m)}`),
          w.and,
        ),
      ),
    };
  } else if (minute.kind === 'values' && minute.values.length === 1 && hour.kind === 'any') {
    time = { fixed: false, text: w.everyHourAt(minute.values[0] ?? 0) };
  } else if (minute.kind === 'values' && minute.values.length === 1 && hour.kind === 'step') {
    time = { fixed: false, text: w.everyHoursAt(hour.step, minute.values[0] ?? 0) };
  } else if (minute.kind === 'step' && hour.kind === 'any') {
    time = { fixed: false, text: w.everyMinutes(minute.step) };
  } else if (minute.kind === 'any' && hour.kind === 'any') {
    time = { fixed: false, text: w.everyMinute };
  }
  if (!time) return fallback;

  let day: string | null = null;
  if (dom.kind === 'any' && dow.kind === 'any') day = w.everyDay;
  else if (dom.kind === 'any' && dow.kind === 'values') {
    const days = [...new Set(dow.values.map((d) => d % 7))].sort((a, b) => a - b);
    const names = days.map((d) => w.days[d] ?? '');
    if (days.length === 7) day = w.everyDay;
    else if (days.length >= 3 && isRun(days)) day = w.dayRange(names[0] ?? '', names[names.length - 1] ?? '');
    else day = w.dayList(joinList(lang === 'fr' ? names.map((n) => `le ${n}`) : names, w.and));
  } else if (dom.kind === 'values' && dow.kind === 'any') {
    const list = dom.values.map((d) => (lang === 'fr' ? `le ${d === 1 ? '1er' : d}` : String(d)));
    day = w.monthDays(joinList(list, w.and));
  }
  if (day === null || month.kind === 'step') return fallback;
  const months =
    month.kind === 'values'
      ? ` ${w.inMonths(
          joinList(
            month.values.map((m) => w.months[m - 1] ?? ''),
            w.and,
          ),
        )}`
      : '';

  if (time.fixed) return capitalise(`${day}${months} ${time.text}`);
  const everyDay = day === w.everyDay;
  return capitalise(`${time.text}${everyDay ? '' : `, ${day}`}${months}`);
}
