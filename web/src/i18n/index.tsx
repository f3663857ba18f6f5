import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { Language } from '../api/types';
import en from './en';
import type { MessageKey, Messages } from './en';

export type { MessageKey } from './en';
export const LANGUAGES: Language[] = ['en', 'es', 'pt'];

// English is in the portal's code (every other language falls back to it); Spanish and
// Portuguese are chunks of their own, loaded when chosen (docs/performance.md, "First load").
// This module is part of the portal's first load, so it knows nothing of Ant Design: Ant
// Design's own texts (its locales) are loaded by src/common/AntConfigOutlet.tsx, which the
// sign-in page does not load (docs/decisions.md, "Portal").
const dictionaries: Partial<Record<Language, Messages>> = { en };
const loaders: Record<Exclude<Language, 'en'>, () => Promise<Messages>> = {
  es: () => import('./es').then((m) => m.default),
  pt: () => import('./pt').then((m) => m.default),
};
const loading = new Map<Language, Promise<void>>();

/** Loads a language's texts (once); resolves when `translator(language)` has them. */
export function loadLanguage(language: Language): Promise<void> {
  if (language === 'en' || dictionaries[language]) return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    pending = loaders[language]().then((messages) => {
      dictionaries[language] = messages;
    });
    pending.catch(() => loading.delete(language)); // a later call tries again
    loading.set(language, pending);
  }
  return pending;
}

/**
 * What else a language needs before the portal switches to it, registered by code loaded later
 * (Ant Design's texts, once Ant Design is in use): a change of language waits for these too, so
 * the portal's texts and Ant Design's change together.
 */
const companions: Array<(language: Language) => Promise<unknown>> = [];
export function loadWithLanguage(load: (language: Language) => Promise<unknown>): void {
  companions.push(load);
}

let shown: Language = 'en';
/** The language the portal shows now (for code outside React that loads along with it). */
export function currentLanguage(): Language {
  return shown;
}

const intlLocales: Record<Language, string> = { en: 'en-US', es: 'es-ES', pt: 'pt-BR' };
const STORAGE_KEY = 'lineport.language';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  /** The BCP 47 locale for Intl formatting. */
  locale: string;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

/**
 * `t` for one language; for text shown right as the language changes. A number given as a
 * parameter is written as the language writes numbers ("1.234" in Spanish and Portuguese);
 * a value to keep as it is (an id, a year) is given as a string. With `count` 1 a key's
 * singular, `<key>.one`, is used when the language has one ("1 administrator assigned"); en, es
 * and pt use the plural for every other count, 0 included.
 */
export function translator(language: Language): Translate {
  const messages = (dictionaries[language] ?? en) as Partial<Record<string, string>>;
  const numbers = new Intl.NumberFormat(intlLocales[language]);
  return (key, params) => {
    const singular = params?.count === 1 ? messages[`${key}.one`] : undefined;
    const text = singular ?? messages[key] ?? en[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (!(name in params)) return whole;
      const value = params[name];
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as string[]).includes(value);
}

/** The language chosen earlier in this browser, else the browser's own, else English. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

// The first language's texts start loading with the portal's code, not after it.
const firstLanguage = initialLanguage();
const firstLoad = loadLanguage(firstLanguage);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => (dictionaries[firstLanguage] ? firstLanguage : 'en'));
  const [ready, setReady] = useState(() => Boolean(dictionaries[firstLanguage]));

  useEffect(() => {
    firstLoad
      .then(
        () => setLanguageState(firstLanguage),
        () => {}, // the texts could not be loaded: English
      )
      .finally(() => setReady(true));
  }, []);

  // The language changes once its texts are there.
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    Promise.all([loadLanguage(next), ...companions.map((load) => load(next))]).then(
      () => setLanguageState(next),
      () => {}, // offline: the language stays as it was
    );
  }, []);

  useEffect(() => {
    shown = language;
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18n>(
    () => ({ language, locale: intlLocales[language], setLanguage, t: translator(language) }),
    [language, setLanguage],
  );

  return <I18nContext.Provider value={value}>{ready && children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}

/** Whether a language was chosen explicitly in this browser (header switcher or profile). */
export function hasStoredLanguage(): boolean {
  return isLanguage(localStorage.getItem(STORAGE_KEY));
}
