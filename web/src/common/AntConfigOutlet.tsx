import { useEffect, useState } from 'react';
import { Outlet } from 'react-router';
import { ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import type { Language } from '../api/types';
import { currentLanguage, loadWithLanguage, useI18n } from '../i18n';

// Ant Design's own texts (pagination, pickers, empty tables...) in the portal's language. They
// load with Ant Design, not with the portal's first code: the sign-in page does without Ant
// Design (docs/decisions.md, "Portal").
const locales: Partial<Record<Language, Locale>> = { en: enUS };
const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Locale }>> = {
  es: () => import('antd/locale/es_ES'),
  pt: () => import('antd/locale/pt_BR'),
};
const loading = new Map<Language, Promise<void>>();

function loadLocale(language: Language): Promise<void> {
  if (locales[language]) return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    pending = loaders[language as Exclude<Language, 'en'>]().then((m) => {
      locales[language] = m.default;
    });
    pending.catch(() => loading.delete(language)); // a later call tries again
    loading.set(language, pending);
  }
  return pending;
}

// From now on a change of language waits for Ant Design's texts too; the language shown now
// starts loading with this chunk.
loadWithLanguage(loadLocale);
loadLocale(currentLanguage()).catch(() => {});

/**
 * Ant Design's configuration (its locale) around the pages that use Ant Design: every page but
 * the sign-in page.
 */
export function AntConfigOutlet() {
  const { language } = useI18n();
  // The language whose texts arrived (or failed to: offline, Ant Design's stay in English).
  const [settled, setSettled] = useState<Language | null>(null);
  const locale = locales[language];
  useEffect(() => {
    if (locale) return;
    let live = true;
    const settle = () => live && setSettled(language);
    loadLocale(language).then(settle, settle);
    return () => {
      live = false;
    };
  }, [language, locale]);
  // Nothing for the moment the language's texts may still take: they started with this chunk.
  if (!locale && settled !== language) return null;
  return (
    <ConfigProvider locale={locale ?? enUS}>
      <Outlet />
    </ConfigProvider>
  );
}
