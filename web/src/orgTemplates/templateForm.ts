// The template form's values and what the API takes, both ways. A setting left on "inherit" is
// left out of the template (the new organization inherits it), never sent as a default; settings
// the form does not show (set through the API) are kept as they are.
import { FEATURES } from '../api/types';
import type { Feature, GroupPreset, Language, OrgTemplate, OrgTemplateInput, TemplateSettings } from '../api/types';

export type TwoFactorChoice = 'on' | 'off';

export interface GroupFormValue {
  name: string;
  features: Feature[];
  is_default: boolean;
}

export interface TemplateFormValues {
  name: string;
  /** Undefined: none, the new organization is on its parent's plan. */
  subscription_id?: string;
  /** Each undefined until the admin chooses a value. */
  settings: { timezone?: string; language?: Language; two_factor_enabled?: TwoFactorChoice };
  role_ids: string[];
  permission_groups: GroupFormValue[];
  /** As typed; empty: no numbers. */
  numbers: string;
}

// The server's bounds (openapi.json, OrgTemplateInput), checked here too so the form says at once what is allowed.
export const NAME_MAX = 100;
export const GROUPS_MAX = 50;
export const ROLES_MAX = 100;
export const NUMBERS_MAX = 1_000_000;

/** The settings the form shows; any other setting of the template is kept as it is. */
export const FORM_SETTINGS = ['timezone', 'language', 'two_factor_enabled'] as const;

/** The form fields a problem's `errors[].field` can name, with `groups` permission groups in the form. */
export function templateFormFields(groups: number): (string | number)[][] {
  const groupFields = Array.from({ length: groups }, (_, i) => [
    ['permission_groups', i, 'name'],
    ['permission_groups', i, 'features'],
    ['permission_groups', i, 'is_default'],
  ]).flat();
  return [
    ['name'],
    ['subscription_id'],
    ...FORM_SETTINGS.map((setting) => ['settings', setting]),
    ['role_ids'],
    ['permission_groups'],
    ...groupFields,
    ['numbers'],
  ];
}

/** Empty (no numbers), or a whole number from 1 to NUMBERS_MAX written with digits only. */
export function isNumbersCount(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || (/^\d+$/.test(trimmed) && Number(trimmed) >= 1 && Number(trimmed) <= NUMBERS_MAX);
}

/** The settings of a template the form does not show: saved again as they are. */
export function otherSettings(settings: TemplateSettings): TemplateSettings {
  const rest: TemplateSettings = { ...settings };
  for (const key of FORM_SETTINGS) delete rest[key];
  return rest;
}

/** The form of a template, or of a new one: nothing chosen that the admin did not choose. */
export function templateFormValues(template: OrgTemplate | null): TemplateFormValues {
  const settings = template?.settings ?? {};
  const twoFactor = settings.two_factor_enabled;
  return {
    name: template?.name ?? '',
    subscription_id: template?.subscription_id ?? undefined,
    settings: {
      timezone: settings.timezone,
      language: settings.language,
      two_factor_enabled: twoFactor === undefined ? undefined : twoFactor ? 'on' : 'off',
    },
    role_ids: template?.role_ids ?? [],
    permission_groups: (template?.permission_groups ?? []).map((g) => ({ ...g, features: [...g.features] })),
    numbers: template?.numbers == null ? '' : String(template.numbers),
  };
}

/** The whole template the form describes, with `kept`, the settings the form does not show. */
export function templateInput(values: TemplateFormValues, kept: TemplateSettings): Required<OrgTemplateInput> {
  const { timezone, language, two_factor_enabled: twoFactor } = values.settings;
  const settings: TemplateSettings = { ...kept };
  if (timezone) settings.timezone = timezone;
  if (language) settings.language = language;
  if (twoFactor) settings.two_factor_enabled = twoFactor === 'on';
  const numbers = values.numbers.trim();
  return {
    name: values.name.trim(),
    subscription_id: values.subscription_id ?? null,
    settings,
    role_ids: values.role_ids,
    permission_groups: values.permission_groups.map((g): GroupPreset => ({
      name: g.name.trim(),
      // In the app's order, whatever the order of the clicks.
      features: FEATURES.filter((f) => g.features.includes(f)),
      is_default: g.is_default,
    })),
    numbers: numbers === '' ? null : Number(numbers),
  };
}

/** JSON with the keys of every object sorted: equal for equal values, whatever the order of their keys. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** The fields of `input` that differ from `template`: a PATCH sends only those. */
export function templateChanges(template: OrgTemplate, input: Required<OrgTemplateInput>): OrgTemplateInput {
  const changes: OrgTemplateInput = {};
  if (input.name !== template.name) changes.name = input.name;
  if (input.subscription_id !== template.subscription_id) changes.subscription_id = input.subscription_id;
  if (!same(input.settings, template.settings)) changes.settings = input.settings;
  if (!same(input.role_ids, template.role_ids)) changes.role_ids = input.role_ids;
  if (!same(input.permission_groups, template.permission_groups)) changes.permission_groups = input.permission_groups;
  if (input.numbers !== template.numbers) changes.numbers = input.numbers;
  return changes;
}
