import { useCallback, useState, useEffect } from 'react';
import { Alert, Descriptions, Divider, Drawer, Tabs } from 'antd';
import { permissionGroups } from '../api/endpoints';
import type { Account, Org } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { formatDateTime } from '../common/format';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { ImportAccountsForm } from './ImportAccountsForm';
import { SingleAccountForm } from './SingleAccountForm';
import { accountName } from './accountLabels';

export type AccountDrawerTarget = { kind: 'add'; org: Org } | { kind: 'edit'; account: Account };

/** "Add Account" with its Single Account and Multiple Accounts tabs, or the edit of one account. */
export function AccountDrawer({
  target,
  onClose,
  onSaved,
  onImported,
}: {
  target: AccountDrawerTarget | null;
  onClose: () => void;
  onSaved: (account: Account, invited: boolean, created: boolean) => void;
  onImported: () => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const [tab, setTab] = useState('single');
  const editing = target?.kind === 'edit' ? target.account : null;
  const orgId = editing?.org_id ?? (target?.kind === 'add' ? target.org.id : null);
  const orgName = editing?.org_name ?? (target?.kind === 'add' ? target.org.name : '');
  const fetchGroups = useCallback(() => permissionGroups.list(orgId ?? ''), [orgId]);
  const groups = useApiData(orgId ? fetchGroups : null);

  useEffect(() => {
    if (target) setTab('single');
  }, [target]);

  const single = orgId && (
    <SingleAccountForm
      orgId={orgId}
      orgName={orgName}
      groups={groups.data?.items ?? []}
      account={editing}
      onSaved={(account, invited) => onSaved(account, invited, !editing)}
      onCancel={onClose}
    />
  );

  return (
    <Drawer
      open={target !== null}
      title={editing ? t('accounts.editTitle', { name: accountName(editing) }) : t('accounts.add')}
      width={720}
      onClose={onClose}
      destroyOnHidden
    >
      {groups.error && <Alert type="error" showIcon message={groups.error.detail} style={{ marginBottom: 16 }} />}
      {target?.kind === 'add' ? (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'single', label: t('accounts.singleTab'), children: single },
            // Many accounts at once (a CSV) is the accounts.bulk privilege (docs/product.md#administrators-roles-and-privileges).
            ...(can('accounts.bulk')
              ? [
                  {
                    key: 'multiple',
                    label: t('accounts.multipleTab'),
                    children: <ImportAccountsForm root={target.org} onImported={onImported} />,
                  },
                ]
              : []),
          ]}
        />
      ) : (
        single
      )}
      {editing && <AccountFacts account={editing} />}
    </Drawer>
  );
}

/** What the account has been through: invitations, activation, the app. */
function AccountFacts({ account }: { account: Account }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const date = (value: string | null) => (value ? formatDateTime(value, locale, me.admin.timezone) : '—');
  return (
    <>
      <Divider />
      <Descriptions
        size="small"
        column={2}
        data-testid="account-facts"
        items={[
          { key: 'created', label: t('accounts.facts.created'), children: date(account.created_at) },
          {
            key: 'invited',
            label: t('accounts.facts.invited'),
            children: `${date(account.invited_at)} (${account.invitation_count})`,
          },
          { key: 'activated', label: t('accounts.activated'), children: date(account.activated_at) },
          { key: 'signIn', label: t('admins.lastSignIn'), children: date(account.last_sign_in_at) },
          { key: 'device', label: t('profile.deviceNumber'), children: account.device_number ?? '—' },
          { key: 'platform', label: t('accounts.facts.platform'), children: account.platform ?? '—' },
        ]}
      />
    </>
  );
}
