import { Tag, Tooltip } from 'antd';
import type { Account, AccountStatus, InvitationStatus } from '../api/types';
import { useI18n } from '../i18n';

export const ACCOUNT_STATUSES: AccountStatus[] = ['saved', 'invited', 'active', 'suspended'];
export const INVITATION_STATUSES: InvitationStatus[] = ['not_sent', 'sent', 'failed'];

const STATUS_COLOR: Record<AccountStatus, string> = { saved: 'default', invited: 'blue', active: 'green', suspended: 'red' };
const INVITATION_COLOR: Record<InvitationStatus, string> = { not_sent: 'default', sent: 'cyan', failed: 'volcano' };

/** "First Last", or the login for an account without a name. */
export const accountName = (a: Pick<Account, 'first_name' | 'last_name' | 'login'>) =>
  `${a.first_name} ${a.last_name}`.trim() || a.login;

export function AccountStatusTag({ account }: { account: Account }) {
  const { t } = useI18n();
  const tag = <Tag color={STATUS_COLOR[account.status]}>{t(`accounts.status.${account.status}`)}</Tag>;
  if (account.status !== 'suspended' || !account.suspended_reason) return tag;
  return <Tooltip title={t(`accounts.suspendedBy.${account.suspended_reason}`)}>{tag}</Tooltip>;
}

export function InvitationTag({ account }: { account: Account }) {
  const { t } = useI18n();
  return (
    <Tag color={INVITATION_COLOR[account.invitation_status]}>
      {t(`accounts.invitation.${account.invitation_status}`)}
      {account.invitation_count > 1 ? ` ×${account.invitation_count}` : ''}
    </Tag>
  );
}
