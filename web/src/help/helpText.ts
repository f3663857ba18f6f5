import type { HelpPageSet, HelpPageSource, Language } from '../api/types';

/** The text of a page to show in `language`: that language's, else English, else the first there is. */
export function textIn(set: HelpPageSet, language: Language): HelpPageSource | undefined {
  return set.pages.find((p) => p.language === language) ?? set.pages.find((p) => p.language === 'en') ?? set.pages[0];
}

/** Where a text comes from: written on the organization, shipped with Lineport, or inherited. */
export function textOrigin(page: HelpPageSource): 'own' | 'built_in' | 'inherited' {
  return page.own ? 'own' : page.built_in ? 'built_in' : 'inherited';
}
