/**
 * Track languages as files tag them: ISO 639-2 codes, in their bibliographic (`fre`) or
 * terminology (`fra`) form, sometimes ISO 639-1 (`fr`). Two codes name the same language when
 * they agree once folded to the terminology form.
 */
const TO_TERMINOLOGY: Readonly<Record<string, string>> = {
  fre: 'fra',
  ger: 'deu',
  dut: 'nld',
  chi: 'zho',
  cze: 'ces',
  gre: 'ell',
  per: 'fas',
  rum: 'ron',
  slo: 'slk',
  alb: 'sqi',
  arm: 'hye',
  baq: 'eus',
  bur: 'mya',
  geo: 'kat',
  ice: 'isl',
  mac: 'mkd',
  mao: 'mri',
  may: 'msa',
  tib: 'bod',
  wel: 'cym',
  fr: 'fra',
  en: 'eng',
  de: 'deu',
  es: 'spa',
  it: 'ita',
  pt: 'por',
  nl: 'nld',
  ja: 'jpn',
  zh: 'zho',
  ru: 'rus',
  ar: 'ara',
  ko: 'kor',
  pl: 'pol',
  sv: 'swe',
  da: 'dan',
  no: 'nor',
  fi: 'fin',
  tr: 'tur',
  cs: 'ces',
  el: 'ell',
  hu: 'hun',
  ro: 'ron',
  uk: 'ukr',
  he: 'heb',
  hi: 'hin',
};

/** The canonical form of a language code (`fre`, `fr` → `fra`); `und` and null are "untagged". */
export function canonicalLanguage(code: string | null | undefined): string | null {
  if (!code) return null;
  const lower = code.toLowerCase();
  if (lower === 'und') return null;
  return TO_TERMINOLOGY[lower] ?? lower;
}

/** Whether a track tagged `tagged` is in the language `wanted` (`und` wants an untagged track). */
export function sameLanguage(wanted: string, tagged: string | null | undefined): boolean {
  return canonicalLanguage(wanted) === canonicalLanguage(tagged);
}
