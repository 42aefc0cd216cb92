import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { uiLanguageOf } from '@shared/contract/host-settings';
import { TRANSLATIONS } from './resources';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The system's language, if we speak it (English otherwise). */
export function detectLanguage(preferred: readonly string[] = navigator.languages): Language {
  return uiLanguageOf('system', preferred);
}

const LANGUAGE_KEY = 'livemanager.language';

/** `?lang=` (tests, screenshots): wins over the setting for this page. */
export function languageFromUrl(): Language | null {
  const asked = new URLSearchParams(window.location.search).get('lang');
  return asked === 'en' || asked === 'fr' ? asked : null;
}

/** Before the settings arrive: the URL, then the language shown last time, then the system's. */
function initialLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  return languageFromUrl() ?? (saved === 'en' || saved === 'fr' ? saved : detectLanguage());
}

/** Show the UI in `language` (the setting decides which; see app/preferences.tsx) and remember it for the first paint. */
export function chooseLanguage(language: Language): Promise<unknown> {
  localStorage.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
  if (i18next.language === language) return Promise.resolve();
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
