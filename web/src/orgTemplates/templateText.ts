import type { Role, TemplateSettings, UsablePlan } from '../api/types';
import { isLanguage } from '../i18n';
import type { Translate } from '../i18n';

/** The plan a template names, as shown: `plans` null when the admin may not list them. */
export function planLabel(id: string | null, plans: UsablePlan[] | null, t: Translate): string {
  if (id === null) return t('orgTemplates.parentPlan');
  if (!plans) return t('orgTemplates.ownPlan');
  return plans.find((p) => p.id === id)?.name ?? t('orgTemplates.unknownPlan');
}

/** A role a template names, as shown; one deleted since (or not usable here) says so. */
export function roleLabel(id: string, roles: Role[], t: Translate): string {
  return roles.find((r) => r.id === id)?.name ?? t('orgTemplates.unknownRole');
}

/** One line per setting a template gives, in the reader's language where the portal has words for it. */
export function settingLines(settings: TemplateSettings, t: Translate): string[] {
  return Object.entries(settings).map(([key, value]: [string, unknown]) => {
    if (key === 'timezone' && typeof value === 'string') return `${t('orgForm.timezone')}: ${value}`;
    if (key === 'language') return `${t('orgForm.language')}: ${isLanguage(value) ? t(`language.${value}`) : String(value)}`;
    if (key === 'two_factor_enabled')
      return `${t('orgTemplates.twoFactor')}: ${value ? t('orgTemplates.on') : t('orgTemplates.off')}`;
    // Set through the API: shown as the API names it.
    return `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`;
  });
}
