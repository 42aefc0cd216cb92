import type { AppSettings } from '@shared/contract/host-settings';

export type Theme = 'dark' | 'light';
export type ThemeSetting = AppSettings['theme'];
const KEY = 'livemanager.theme';

/** `?theme=light` (tests, screenshots): wins over the setting for this page. */
export function themeFromUrl(): Theme | null {
  const asked = new URLSearchParams(window.location.search).get('theme');
  return asked === 'light' || asked === 'dark' ? asked : null;
}

function systemPrefersDark(): boolean {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? true;
}

/** The theme a setting means here: `system` follows the OS (the browser's colour scheme). */
export function resolveTheme(setting: ThemeSetting, prefersDark: boolean = systemPrefersDark()): Theme {
  return setting === 'system' ? (prefersDark ? 'dark' : 'light') : setting;
}

/** Before the settings arrive: the URL, else the theme shown last time, else the system's. */
export function initialTheme(): Theme {
  const cached = localStorage.getItem(KEY);
  return themeFromUrl() ?? (cached === 'light' || cached === 'dark' ? cached : resolveTheme('system'));
}

export function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle('dark', theme === 'dark');
  localStorage.setItem(KEY, theme);
}

/** Follow the OS while the setting is `system`. */
export function onSystemThemeChange(listener: () => void): () => void {
  const query = window.matchMedia?.('(prefers-color-scheme: dark)');
  query?.addEventListener('change', listener);
  return () => query?.removeEventListener('change', listener);
}
