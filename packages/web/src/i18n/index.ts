// i18next with the two complete resource sets. Russian is the default; the browser's language decides
// before login, the user's saved locale after it. Each language is its own chunk, loaded before the first
// render (main.tsx waits for i18nReady) or when the user switches, so nobody downloads both (~10 KB gz).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../lib/format';
import type { Messages } from './messages';

const bundles: Record<Locale, () => Promise<Messages>> = {
  ru: () => import('./ru').then((module) => module.ru),
  en: () => import('./en').then((module) => module.en),
};

/** Loads a language's messages once (a no-op when they are already there). */
export async function loadLocale(locale: Locale): Promise<void> {
  if (i18n.hasResourceBundle(locale, 'translation')) return;
  i18n.addResourceBundle(locale, 'translation', await bundles[locale]());
}

const STORAGE_KEY = 'svyaz.locale';

export function detectLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'ru' || saved === 'en') return saved;
  } catch {
    /* storage disabled */
  }
  const languages = typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const language of languages) {
    const code = language?.slice(0, 2).toLowerCase();
    if (code === 'ru' || code === 'uk' || code === 'be' || code === 'kk') return 'ru';
    if (code === 'en') return 'en';
  }
  return 'ru';
}

export function setLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* storage disabled */
  }
  document.documentElement.lang = locale;
  if (i18n.language === locale) return;
  if (i18n.hasResourceBundle(locale, 'translation')) void i18n.changeLanguage(locale);
  else void loadLocale(locale).then(() => i18n.changeLanguage(locale));
}

export function currentLocale(): Locale {
  return i18n.language === 'en' ? 'en' : 'ru';
}

const initial = detectLocale();
if (typeof document !== 'undefined') document.documentElement.lang = initial;

void i18n.use(initReactI18next).init({
  resources: {},
  partialBundledLanguages: true,
  lng: initial,
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Resolves when the first language's messages are in (the app renders after it). */
export const i18nReady: Promise<void> = loadLocale(initial).then(async () => {
  await i18n.changeLanguage(initial);
});

export default i18n;
