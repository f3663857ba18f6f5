import { useCallback, useState } from 'react';
import { App, Button, Card, Checkbox, Dropdown, Flex, Input, Select, Space, Typography } from 'antd';
import type { MenuProps, TableColumnsType } from 'antd';
import {
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  MailOutlined,
  MoreOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  PlusOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { accounts, permissionGroups } from '../api/endpoints';
import type { Account, AccountFilter, AccountResult, AccountStatus, InvitationStatus } from '../api/types';
import { errorText } from '../common/formErrors';
import { PageHeader } from '../common/PageHeader';
import { PagedTable } from '../common/PagedTable';
import { ResultsModal } from '../common/ResultsModal';
import type { ResultsReport } from '../common/ResultsModal';
import { useApiData } from '../common/useApiData';
import { useCursorList } from '../common/useCursorList';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { AccountDrawer } from './AccountDrawer';
import type { AccountDrawerTarget } from './AccountDrawer';
import { ACCOUNT_STATUSES, AccountStatusTag, INVITATION_STATUSES, InvitationTag, accountName } from './accountLabels';
import { MoveAccountsModal } from './MoveAccountsModal';

const PAGE_SIZE = 50;
type Action = 'invite' | 'suspend' | 'resume' | 'delete';

/** Deletes one account after another (the API deletes one per request), each with its result. */
async function deleteEach(ids: string[]): Promise<{ results: AccountResult[] }> {
  const results: AccountResult[] = [];
  for (const id of ids) {
    try {
      await accounts.remove(id);
      results.push({ account_id: id, result: 'ok', message: null });
    } catch (e) {
      results.push({ account_id: id, result: 'error', message: errorText(e, String(e)) });
    }
  }
  return { results };
}

const RUN: Record<Action, (ids: string[]) => Promise<{ results: AccountResult[] }>> = {
  invite: accounts.invite,
  suspend: accounts.suspend,
  resume: accounts.resume,
  delete: deleteEach,
};

/** Accounts: the end users of the current organization, filtered; add, invite, move, suspend, delete. */
export function AccountsPage() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const { org } = useCurrentOrg();
  const [filter, setFilter] = useState<AccountFilter>({});
  const [selected, setSelected] = useState<Account[]>([]);
  const [drawer, setDrawer] = useState<AccountDrawerTarget | null>(null);
  const [moving, setMoving] = useState<string[] | null>(null);
  const [report, setReport] = useState<ResultsReport | null>(null);
  const orgId = org?.id;

  const fetchPage = useCallback(
    (cursor: string | null) => accounts.list(orgId ?? '', { ...filter, cursor, limit: PAGE_SIZE }),
    [orgId, filter],
  );
  const list = useCursorList(orgId ? fetchPage : null);
  const groups = useApiData(useCallback(() => permissionGroups.list(orgId ?? ''), [orgId]));

  if (!org) return null;

  const refilter = (changes: AccountFilter) => {
    setSelected([]);
    setFilter((prev) => ({ ...prev, ...changes }));
  };
  const reload = () => {
    setSelected([]);
    list.reload();
  };

  const run = async (action: Action, targets: Account[]) => {
    const names = new Map(targets.map((a) => [a.id, accountName(a)]));
    try {
      const { results } = await RUN[action](targets.map((a) => a.id));
      const failed = results.filter((r) => r.result === 'error');
      if (failed.length === 0) {
        message.success(t(`accounts.done.${action}`, { count: results.length }));
      } else {
        setReport({
          title: t(`accounts.action.${action}`),
          summary: t('accounts.partial', { ok: results.length - failed.length, total: results.length }),
          labelTitle: t('accounts.name'),
          rows: results.map((r) => ({
            key: r.account_id,
            label: names.get(r.account_id) ?? r.login ?? r.account_id,
            ok: r.result !== 'error',
            result: t(r.result === 'error' ? 'results.error' : 'results.ok'),
            message: r.message,
          })),
        });
      }
    } catch (e) {
      message.error(errorText(e, t('common.errorGeneric')));
    }
    reload();
  };

  const confirmThen = (action: Action, targets: Account[]) => {
    const who = targets.length === 1 ? accountName(targets[0]) : t('accounts.countAccounts', { count: targets.length });
    const key: MessageKey = `accounts.confirm.${action}`;
    modal.confirm({
      title: t('common.confirm'),
      content: t(key, { who }),
      okText: t('common.yes'),
      cancelText: t('common.no'),
      okButtonProps: { danger: action === 'delete' || action === 'suspend' },
      onOk: () => run(action, targets),
    });
  };

  const rowMenu = (a: Account): MenuProps['items'] => [
    { key: 'edit', icon: <EditOutlined />, label: t('common.edit'), onClick: () => setDrawer({ kind: 'edit', account: a }) },
    { key: 'invite', icon: <MailOutlined />, label: t('accounts.action.invite'), onClick: () => void run('invite', [a]) },
    { key: 'move', icon: <SwapOutlined />, label: t('accounts.action.move'), onClick: () => setMoving([a.id]) },
    a.status === 'suspended'
      ? { key: 'resume', icon: <PlayCircleOutlined />, label: t('accounts.action.resume'), onClick: () => confirmThen('resume', [a]) }
      : { key: 'suspend', icon: <PauseCircleOutlined />, label: t('accounts.action.suspend'), onClick: () => confirmThen('suspend', [a]) },
    { type: 'divider' },
    { key: 'delete', icon: <DeleteOutlined />, danger: true, label: t('common.delete'), onClick: () => confirmThen('delete', [a]) },
  ];

  const columns: TableColumnsType<Account> = [
    {
      title: t('accounts.nameLogin'),
      key: 'name',
      width: 220,
      render: (_, a) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Button
            type="link"
            style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start', alignSelf: 'flex-start' }}
            onClick={() => setDrawer({ kind: 'edit', account: a })}
          >
            {accountName(a)}
          </Button>
          <Typography.Text type="secondary" ellipsis={{ tooltip: a.login }} style={{ fontSize: 13 }}>
            {a.login}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('accounts.number'),
      dataIndex: 'multiline_number',
      width: 140,
      render: (n: string | null) => n ?? <Typography.Text type="secondary">{t('accounts.noNumber')}</Typography.Text>,
    },
    { title: t('accounts.organization'), dataIndex: 'org_name', ellipsis: true },
    { title: t('accounts.form.permissionGroup'), dataIndex: 'permission_group_name', ellipsis: true },
    {
      title: `${t('accounts.statusTitle')} / ${t('accounts.invitationTitle')}`,
      key: 'status',
      width: 150,
      render: (_, a) => (
        <Flex vertical gap={4} align="flex-start">
          <AccountStatusTag account={a} />
          <InvitationTag account={a} />
        </Flex>
      ),
    },
    {
      title: t('subOrgs.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, a) => (
        <Dropdown menu={{ items: rowMenu(a) }} trigger={['click']}>
          <Button type="text" icon={<MoreOutlined />} aria-label={t('accounts.actionsFor', { name: accountName(a) })} />
        </Dropdown>
      ),
    },
  ];

  const count = selected.length;
  const anySuspended = selected.some((a) => a.status === 'suspended');
  const anyActive = selected.some((a) => a.status !== 'suspended');
  return (
    <Card>
      <PageHeader
        title={t('accounts.title')}
        subtitle={t('accounts.of', { name: org.name })}
        actions={
          <>
            <Button icon={<DownloadOutlined />} href={accounts.csvUrl(org.id, filter)} download data-testid="accounts-csv">
              {t('accounts.exportCsv')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ kind: 'add', org })}>
              {t('accounts.add')}
            </Button>
          </>
        }
      />
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('accounts.search')}
          aria-label={t('accounts.search')}
          onSearch={(value) => refilter({ q: value.trim() || undefined })}
          style={{ maxWidth: 300 }}
        />
        <Select<AccountStatus>
          allowClear
          placeholder={t('accounts.allStatuses')}
          aria-label={t('accounts.statusTitle')}
          style={{ width: 170 }}
          value={filter.status}
          onChange={(status) => refilter({ status })}
          options={ACCOUNT_STATUSES.map((s) => ({ value: s, label: t(`accounts.status.${s}`) }))}
        />
        <Select<InvitationStatus>
          allowClear
          placeholder={t('accounts.allInvitations')}
          aria-label={t('accounts.invitationTitle')}
          style={{ width: 190 }}
          value={filter.invitation_status}
          onChange={(invitation_status) => refilter({ invitation_status })}
          options={INVITATION_STATUSES.map((s) => ({ value: s, label: t(`accounts.invitation.${s}`) }))}
        />
        <Select<string>
          allowClear
          placeholder={t('accounts.allGroups')}
          aria-label={t('accounts.form.permissionGroup')}
          style={{ width: 220 }}
          value={filter.permission_group_id}
          onChange={(permission_group_id) => refilter({ permission_group_id })}
          options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
        <Checkbox checked={!!filter.include_suborgs} onChange={(e) => refilter({ include_suborgs: e.target.checked })}>
          {t('common.includeSuborgs')}
        </Checkbox>
      </Flex>
      <Space wrap style={{ marginBottom: 12 }} data-testid="bulk-actions">
        <Typography.Text type="secondary">{t('accounts.selected', { count })}</Typography.Text>
        <Button icon={<MailOutlined />} disabled={!count} onClick={() => void run('invite', selected)}>
          {count ? t('accounts.resendCount', { count }) : t('accounts.action.invite')}
        </Button>
        <Button icon={<SwapOutlined />} disabled={!count} onClick={() => setMoving(selected.map((a) => a.id))}>
          {t('accounts.action.move')}
        </Button>
        <Button icon={<PauseCircleOutlined />} disabled={!anyActive} onClick={() => confirmThen('suspend', selected)}>
          {t('accounts.action.suspend')}
        </Button>
        <Button icon={<PlayCircleOutlined />} disabled={!anySuspended} onClick={() => confirmThen('resume', selected)}>
          {t('accounts.action.resume')}
        </Button>
        <Button danger icon={<DeleteOutlined />} disabled={!count} onClick={() => confirmThen('delete', selected)}>
          {t('common.delete')}
        </Button>
      </Space>
      <PagedTable<Account>
        list={list}
        rowKey="id"
        data-testid="accounts-table"
        columns={columns}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('accounts.empty') }}
        rowSelection={{
          selectedRowKeys: selected.map((a) => a.id),
          onChange: (_, rows) => setSelected(rows),
          getCheckboxProps: (a) => ({ name: 'account', 'aria-label': accountName(a) }),
        }}
      />
      <AccountDrawer
        target={drawer}
        onClose={() => setDrawer(null)}
        onSaved={(account, invited, created) => {
          const key: MessageKey = created ? (invited ? 'accounts.invitedMsg' : 'accounts.createdMsg') : 'accounts.savedMsg';
          message.success(t(key, { name: accountName(account), login: account.login }));
          setDrawer(null);
          reload();
        }}
        onImported={reload}
      />
      <MoveAccountsModal
        accountIds={moving}
        onClose={() => setMoving(null)}
        onMoved={(moved, to) => {
          message.success(t('accounts.move.done', { count: moved, name: to.org_name }));
          setMoving(null);
          reload();
        }}
      />
      <ResultsModal report={report} onClose={() => setReport(null)} />
    </Card>
  );
}
