// The plan form's values and what the API takes, both ways. What the admin typed is kept as text
// until it is sent: a limit or a price the form cannot read exactly is refused, never rounded,
// clamped or replaced by a default.
import { FEATURES, PLAN_LIMITS, PLAN_PRICES } from '../api/types';
import type { CallFiltering, Feature, PlanLimit, PriceList, SubscriptionPlan, SubscriptionPlanInput } from '../api/types';

/** A limit as the form holds it: "Unlimited" ticked, or the amount typed (kept even while ticked). */
export interface LimitValue {
  unlimited: boolean;
  amount: string;
}

export interface PlanFormValues {
  name: string;
  features: Feature[];
  limits: Record<PlanLimit, LimitValue>;
  charging: PriceList;
  call_filtering: CallFiltering;
}

// The server's bounds (docs/subscriptions.md), checked here too so the form says at once what is allowed.
export const NAME_MAX = 100;
export const LIMIT_MAX = 1_000_000_000;
const PRICE_MAX_WHOLE = 1_000_000_000;
export const PRICE_DECIMALS = 6;

/** The form fields a problem's `errors[].field` can name. */
export const PLAN_FORM_FIELDS: string[][] = [
  ['name'],
  ['features'],
  ...PLAN_LIMITS.map((limit) => ['limits', limit]),
  ['charging', 'currency'],
  ...PLAN_PRICES.map((price) => ['charging', price]),
  ['call_filtering', 'mode'],
  ['call_filtering', 'allowed_prefixes'],
  ['call_filtering', 'blocked_prefixes'],
];

/** A whole number from 0 to LIMIT_MAX, written with digits only. */
export function isLimitAmount(text: string): boolean {
  return /^\d+$/.test(text.trim()) && Number(text.trim()) <= LIMIT_MAX;
}

/** Digits, and at most one point followed by 1 to 6 digits; no sign, no exponent; at most PRICE_MAX_WHOLE. */
export function isPrice(text: string): boolean {
  const match = /^(\d{1,10})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) return false;
  const whole = Number(match[1]);
  return whole < PRICE_MAX_WHOLE || (whole === PRICE_MAX_WHOLE && !/[1-9]/.test(match[2] ?? ''));
}

/** The shape of an ISO 4217 code; whether it is a currency in use is the server's to say. */
export const isCurrencyCode = (text: string) => /^[A-Z]{3}$/.test(text);

/** "+" and 1 to 15 digits: the start of an E.164 number. */
export const isPrefix = (text: string) => /^\+\d{1,15}$/.test(text);

/** "0.50" and "0.5" are the same price: the digits that matter, to compare without floats. */
function priceDigits(text: string): string {
  const [whole, fraction = ''] = text.trim().split('.');
  return `${whole.replace(/^0+(?=\d)/, '')}.${fraction.replace(/0+$/, '')}`;
}

const EMPTY_LIMIT: LimitValue = { unlimited: false, amount: '' };

/** The form of a plan, or of a new one: nothing chosen that the admin must choose (limits, prices). */
export function planFormValues(plan: SubscriptionPlan | null): PlanFormValues {
  const limits = Object.fromEntries(
    PLAN_LIMITS.map((limit) => {
      const value = plan ? plan.limits[limit] : undefined;
      const formValue: LimitValue =
        value === undefined
          ? EMPTY_LIMIT
          : value === null
            ? { unlimited: true, amount: '' }
            : { unlimited: false, amount: String(value) };
      return [limit, formValue];
    }),
  ) as Record<PlanLimit, LimitValue>;
  const prices = Object.fromEntries(PLAN_PRICES.map((price) => [price, plan?.charging[price] ?? ''])) as Omit<PriceList, 'currency'>;
  return {
    name: plan?.name ?? '',
    features: plan?.features ?? ['voice', 'sms'],
    limits,
    charging: { currency: plan?.charging.currency ?? '', ...prices },
    call_filtering: {
      mode: plan?.call_filtering.mode ?? 'allow_all',
      allowed_prefixes: plan?.call_filtering.allowed_prefixes ?? [],
      blocked_prefixes: plan?.call_filtering.blocked_prefixes ?? [],
    },
  };
}

/** The whole plan the form describes; the form's rules have checked every value. */
export function planInput(values: PlanFormValues): Required<SubscriptionPlanInput> {
  const limits = Object.fromEntries(
    PLAN_LIMITS.map((limit) => {
      const { unlimited, amount } = values.limits[limit];
      return [limit, unlimited ? null : Number(amount.trim())];
    }),
  ) as Record<PlanLimit, number | null>;
  const prices = Object.fromEntries(PLAN_PRICES.map((price) => [price, values.charging[price].trim()]));
  return {
    name: values.name.trim(),
    // In the app's order, whatever the order of the clicks.
    features: FEATURES.filter((f) => values.features.includes(f)),
    limits,
    charging: { currency: values.charging.currency, ...prices } as PriceList,
    call_filtering: values.call_filtering,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * The fields of `input` that differ from `plan`: a PATCH sends only those, so an edit that leaves
 * the prices alone does not start a new charging version.
 */
export function planChanges(plan: SubscriptionPlan, input: Required<SubscriptionPlanInput>): SubscriptionPlanInput {
  const changes: SubscriptionPlanInput = {};
  if (input.name !== plan.name) changes.name = input.name;
  if (!sameSet(input.features, plan.features)) changes.features = input.features;
  if (PLAN_LIMITS.some((limit) => input.limits[limit] !== plan.limits[limit])) changes.limits = input.limits;
  const pricesChanged =
    input.charging.currency !== plan.charging.currency ||
    PLAN_PRICES.some((price) => priceDigits(input.charging[price]) !== priceDigits(plan.charging[price]));
  if (pricesChanged) changes.charging = input.charging;
  const filtering = input.call_filtering;
  if (
    filtering.mode !== plan.call_filtering.mode ||
    !sameSet(filtering.allowed_prefixes, plan.call_filtering.allowed_prefixes) ||
    !sameSet(filtering.blocked_prefixes, plan.call_filtering.blocked_prefixes)
  ) {
    changes.call_filtering = filtering;
  }
  return changes;
}
