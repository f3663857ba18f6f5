import type { CallFilteringMode, PlanLimit, PlanPrice } from '../api/types';
import { formatNumber } from '../common/format';
import type { MessageKey, Translate } from '../i18n';

export const LIMIT_LABELS: Record<PlanLimit, MessageKey> = {
  max_accounts: 'subscriptions.maxAccounts',
  max_numbers: 'subscriptions.maxNumbers',
  max_suborgs: 'subscriptions.maxSuborgs',
};

export const PRICE_LABELS: Record<PlanPrice, MessageKey> = {
  voice_per_minute: 'subscriptions.voicePerMinute',
  per_message: 'subscriptions.perMessage',
  data_per_mb: 'subscriptions.dataPerMb',
  monthly_per_active_user: 'subscriptions.monthlyPerActiveUser',
};

export const MODE_LABELS: Record<CallFilteringMode, MessageKey> = {
  allow_all: 'subscriptions.modeAllowAll',
  allow_list: 'subscriptions.modeAllowList',
};

/** A limit as shown: its amount in the reader's locale, or "Unlimited". */
export function limitText(value: number | null, t: Translate, locale: string): string {
  return value === null ? t('subscriptions.unlimited') : formatNumber(value, locale);
}
