// i18next with the two complete resource sets. Russian is the default; the browser's language decides
// before login, the user's saved locale after it.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ru } from './ru';
import type { Locale } from '../lib/format';

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
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}

export function currentLocale(): Locale {
  return i18n.language === 'en' ? 'en' : 'ru';
}

const initial = detectLocale();
if (typeof document !== 'undefined') document.documentElement.lang = initial;

void i18n.use(initReactI18next).init({
  resources: { ru: { translation: ru }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'ru',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
