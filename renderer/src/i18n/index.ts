import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { TRANSLATIONS } from './resources';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export function detectLanguage(preferred: readonly string[] = navigator.languages): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

const LANGUAGE_KEY = 'livemanager.language';

/** `?lang=` (tests, screenshots) first, then the language picked in the sidebar, then the system's. */
function initialLanguage(): string {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (asked) return asked;
  const saved = localStorage.getItem(LANGUAGE_KEY);
  return saved === 'en' || saved === 'fr' ? saved : detectLanguage();
}

/** Switch the UI language and remember it for the next start. */
export function chooseLanguage(language: Language): Promise<unknown> {
  localStorage.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
  return i18next.changeLanguage(language);
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: TRANSLATIONS.en }, fr: { translation: TRANSLATIONS.fr } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

document.documentElement.lang = i18next.language?.startsWith('fr') ? 'fr' : 'en';

export default i18next;
