import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import esES from 'antd/locale/es_ES';
import ptBR from 'antd/locale/pt_BR';
import type { Language } from '../api/types';
import en from './en';
import type { MessageKey, Messages } from './en';
import es from './es';
import pt from './pt';

export type { MessageKey } from './en';
export const LANGUAGES: Language[] = ['en', 'es', 'pt'];

const dictionaries: Record<Language, Messages> = { en, es, pt };
const antdLocales: Record<Language, Locale> = { en: enUS, es: esES, pt: ptBR };
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

/** `t` for one language; for text shown right as the language changes. */
export function translator(language: Language): Translate {
  const messages = dictionaries[language];
  return (key, params) => {
    const text = messages[key] ?? en[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
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

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18n>(
    () => ({ language, locale: intlLocales[language], setLanguage, t: translator(language) }),
    [language, setLanguage],
  );

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={antdLocales[language]}>{children}</ConfigProvider>
    </I18nContext.Provider>
  );
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
