import { uiLanguageOf, type AppSettings, type AppSettingsPatch } from '@shared/contract/host-settings';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { chooseLanguage, languageFromUrl } from '../i18n';
import { useApi, useConnection } from './api-context';
import { applyTheme, initialTheme, onSystemThemeChange, resolveTheme, themeFromUrl, type Theme } from './theme';

interface PreferencesValue {
  /** The app's settings (null until the host answers). */
  readonly settings: AppSettings | null;
  /** The theme on screen now. */
  readonly theme: Theme;
  update(patch: AppSettingsPatch): Promise<AppSettings>;
}

const PreferencesContext = createContext<PreferencesValue | null>(null);

/**
 * The app's preferences (`settings.*`, kept by the host: electron-store on the desktop, a file
 * for the web host) applied to the page: theme and language follow them, in every window at once
 * (`settings.changed`). `?theme=` and `?lang=` in the address win for that page (tests).
 */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const { epoch } = useConnection();
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [firstTheme] = useState<Theme>(initialTheme);
  // Bumped when the OS switches colour scheme: the render below reads the new one.
  const [, setSystemTick] = useState(0);

  useEffect(() => {
    const off = api.on('settings.changed', setSettings);
    api.settings.get().then(setSettings, () => undefined);
    return off;
  }, [api, epoch]);
  useEffect(() => onSystemThemeChange(() => setSystemTick((n) => n + 1)), []);

  const theme = settings ? (themeFromUrl() ?? resolveTheme(settings.theme)) : firstTheme;
  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => {
    if (settings && !languageFromUrl()) void chooseLanguage(uiLanguageOf(settings.language, navigator.languages));
  }, [settings]);

  const update = useCallback(
    async (patch: AppSettingsPatch) => {
      const next = await api.settings.update(patch);
      setSettings(next);
      return next;
    },
    [api],
  );
  const value = useMemo(() => ({ settings, theme, update }), [settings, theme, update]);
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): PreferencesValue {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences must be used inside <PreferencesProvider>.');
  return value;
}
