import { useCallback, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Dropdown, Flex, Input, Select, Space, Tooltip, Typography } from 'antd';
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
import { accounts, auth, permissionGroups } from '../api/endpoints';
import type {
  Account,
  AccountFilter,
  AccountResult,
  AccountStatus,
  BulkAction,
  BulkChanges,
  BulkProgress,
  InvitationStatus,
} from '../api/types';
import { useMe, useSession } from '../auth/session';
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
import { BulkEditModal } from './BulkEditModal';
import { BulkProgressModal } from './BulkProgressModal';
import type { AccountDrawerTarget } from './AccountDrawer';
import { ACCOUNT_STATUSES, AccountStatusTag, INVITATION_STATUSES, InvitationTag, accountName } from './accountLabels';
import { MoveAccountsModal } from './MoveAccountsModal';

const PAGE_SIZE = 50;
type Action = 'invite' | 'suspend' | 'resume' | 'delete';
/** Statuses no account that ever activated has (resume restores "active" to those). */
const NEVER_ACTIVATED: (AccountStatus | undefined)[] = ['saved', 'invited'];

/** The same changes to one account after another (the API edits one per request), each with its result. */
async function editEach(ids: string[], changes: BulkChanges): Promise<{ results: AccountResult[] }> {
  const results: AccountResult[] = [];
  for (const id of ids) {
    try {
      await accounts.update(id, changes);
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
  delete: accounts.deleteEach,
};

/**
 * Accounts: the end users of the current organization, filtered; add, invite, move, edit,
 * suspend, delete. With `accounts.bulk`, the selection can grow from the rows shown to every
 * account matching the filter, whose actions run as a job on the server (POST …/accounts/bulk).
 */
export function AccountsPage() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const { can, setPreferences } = useSession();
  const { org } = useCurrentOrg();
  const me = useMe();
  const [baseFilter, setFilter] = useState<AccountFilter>({});
  // "Include sub-organizations": the admin's own last choice (kept on the server, so it follows
  // them to every browser), else on wherever the organization has sub-organizations.
  const [includeChoice, setIncludeChoice] = useState<boolean | undefined>(me.preferences?.accounts_include_suborgs);
  const includeSuborgs = includeChoice ?? (org?.child_count ?? 0) > 0;
  const filter = useMemo<AccountFilter>(
    () => (includeSuborgs ? { ...baseFilter, include_suborgs: true } : baseFilter),
    [baseFilter, includeSuborgs],
  );
  const [selected, setSelected] = useState<Account[]>([]);
  /** Every account matching `filter`, not only the rows ticked. */
  const [allMatching, setAllMatching] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [job, setJob] = useState<BulkProgress | null>(null);
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

  const canBulk = can('accounts.bulk');
  const refilter = (changes: AccountFilter) => {
    setSelected([]);
    setAllMatching(false);
    setFilter((prev) => ({ ...prev, ...changes }));
  };
  const reload = () => {
    setSelected([]);
    setAllMatching(false);
    list.reload();
  };
  const matchingWho = () => t('accounts.allMatching', { count: list.total });
  const selectionWho = () =>
    allMatching
      ? matchingWho()
      : selected.length === 1
        ? accountName(selected[0])
        : t('accounts.countAccounts', { count: selected.length });

  /** Starts `action` on every account matching the list's filter; the progress modal follows it. */
  const startBulk = async (action: BulkAction, changes?: BulkChanges) => {
    setJob(await accounts.bulk(org.id, action, filter, changes));
  };
  const startBulkOrSay = async (action: BulkAction) => {
    try {
      await startBulk(action);
    } catch (e) {
      message.error(errorText(e, t('common.errorGeneric')));
    }
  };

  const run = (action: Action, targets: Account[]) => runWith(action, targets, RUN[action]);
  /** Runs an action on the rows ticked and says how it went: a message, or the failures listed. */
  const runWith = async (
    action: Action | 'edit',
    targets: Account[],
    runner: (ids: string[]) => Promise<{ results: AccountResult[] }>,
  ) => {
    const names = new Map(targets.map((a) => [a.id, accountName(a)]));
    try {
      const { results } = await runner(targets.map((a) => a.id));
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

  /** Asks first, naming who; `targets` null is every account matching the filter. */
  const confirmThen = (action: Exclude<Action, 'invite'>, targets: Account[] | null) => {
    const who = !targets
      ? matchingWho()
      : targets.length === 1
        ? accountName(targets[0])
        : t('accounts.countAccounts', { count: targets.length });
    const key: MessageKey = `accounts.confirm.${action}`;
    modal.confirm({
      title: t('common.confirm'),
      content: t(key, { who }),
      okText: t('common.yes'),
      cancelText: t('common.no'),
      okButtonProps: { danger: action === 'delete' || action === 'suspend' },
      onOk: () => (targets ? run(action, targets) : startBulkOrSay(action)),
    });
  };

  // Users who activated before are invited again to activate on a new phone: say what that does.
  const invite = (targets: Account[]) => {
    const activated = targets.filter((a) => a.activated_at !== null);
    if (activated.length === 0) return void run('invite', targets);
    const who = activated.length === 1 ? accountName(activated[0]) : t('accounts.countAccounts', { count: activated.length });
    modal.confirm({
      title: t('accounts.action.invite'),
      content: t('accounts.confirm.reinvite', { who }),
      okText: t('accounts.action.invite'),
      cancelText: t('common.cancel'),
      onOk: () => run('invite', targets),
    });
  };
  // Every account matching: which of them activated before is not known here, so the question
  // names them all and says what a new invitation does to those who did (unless none can have).
  const inviteAllMatching = () => {
    const mayHaveActivated = !NEVER_ACTIVATED.includes(filter.status);
    modal.confirm({
      title: t('accounts.action.invite'),
      content: (
        <>
          <Typography.Paragraph>{t('accounts.confirm.invite', { who: matchingWho() })}</Typography.Paragraph>
          {mayHaveActivated && <Typography.Paragraph>{t('accounts.confirm.reinviteAmong')}</Typography.Paragraph>}
        </>
      ),
      okText: t('accounts.action.invite'),
      cancelText: t('common.cancel'),
      onOk: () => startBulkOrSay('invite'),
    });
  };

  /** The bulk edit form's changes, to the rows ticked one by one or to all matching as a job. */
  const applyEdit = async (changes: BulkChanges) => {
    if (allMatching) {
      await startBulk('edit', changes);
      setEditing(null);
      return;
    }
    const targets = selected;
    setEditing(null);
    await runWith('edit', targets, (ids) => editEach(ids, changes));
  };

  const rowMenu = (a: Account): MenuProps['items'] => [
    { key: 'edit', icon: <EditOutlined />, label: t('common.edit'), onClick: () => setDrawer({ kind: 'edit', account: a }) },
    { key: 'invite', icon: <MailOutlined />, label: t('accounts.action.invite'), onClick: () => invite([a]) },
    { key: 'move', icon: <SwapOutlined />, label: t('accounts.action.move'), onClick: () => setMoving([a.id]) },
    a.status === 'suspended'
      ? {
          key: 'resume',
          icon: <PlayCircleOutlined />,
          label: t('accounts.action.resume'),
          onClick: () => confirmThen('resume', [a]),
        }
      : {
          key: 'suspend',
          icon: <PauseCircleOutlined />,
          label: t('accounts.action.suspend'),
          onClick: () => confirmThen('suspend', [a]),
        },
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
      width: 150,
      className: 'phone-number',
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
      width: 110,
      fixed: 'right',
      render: (_, a) => (
        <Dropdown menu={{ items: rowMenu(a) }} trigger={['click']}>
          <Button type="text" icon={<MoreOutlined />} aria-label={t('accounts.actionsFor', { name: accountName(a) })} />
        </Dropdown>
      ),
    },
  ];

  const count = allMatching ? list.total : selected.length;
  // For every account matching, the status filter says which of suspend and resume can apply.
  const anySuspended = allMatching
    ? !filter.status || filter.status === 'suspended'
    : selected.some((a) => a.status === 'suspended');
  const anyActive = allMatching ? filter.status !== 'suspended' : selected.some((a) => a.status !== 'suspended');
  const shownAllTicked = list.items.length > 0 && selected.length === list.items.length;
  const offerMatching = canBulk && (allMatching || (shownAllTicked && list.total > list.items.length));
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
        <Checkbox
          checked={includeSuborgs}
          data-testid="include-suborgs"
          onChange={(e) => {
            const checked = e.target.checked;
            refilter({});
            setIncludeChoice(checked);
            auth
              .updatePreferences({ accounts_include_suborgs: checked })
              .then(setPreferences)
              .catch((error: unknown) => message.error(errorText(error, t('common.errorGeneric'))));
          }}
        >
          {t('common.includeSuborgs')}
        </Checkbox>
      </Flex>
      <Space wrap style={{ marginBottom: 12 }} data-testid="bulk-actions">
        <Typography.Text type="secondary">{t('accounts.selected', { count })}</Typography.Text>
        <Button icon={<MailOutlined />} disabled={!count} onClick={() => (allMatching ? inviteAllMatching() : invite(selected))}>
          {count ? t('accounts.resendCount', { count }) : t('accounts.action.invite')}
        </Button>
        {allMatching ? (
          // Moving checks the destination's numbers against the accounts themselves: ticked rows only.
          <Tooltip title={t('accounts.moveTickedOnly')}>
            <Button icon={<SwapOutlined />} disabled>
              {t('accounts.action.move')}
            </Button>
          </Tooltip>
        ) : (
          <Button icon={<SwapOutlined />} disabled={!count} onClick={() => setMoving(selected.map((a) => a.id))}>
            {t('accounts.action.move')}
          </Button>
        )}
        {canBulk && (
          <Button icon={<EditOutlined />} disabled={!count} onClick={() => setEditing(selectionWho())}>
            {t('accounts.action.edit')}
          </Button>
        )}
        <Button
          icon={<PauseCircleOutlined />}
          disabled={!count || !anyActive}
          onClick={() => confirmThen('suspend', allMatching ? null : selected)}
        >
          {t('accounts.action.suspend')}
        </Button>
        <Button
          icon={<PlayCircleOutlined />}
          disabled={!count || !anySuspended}
          onClick={() => confirmThen('resume', allMatching ? null : selected)}
        >
          {t('accounts.action.resume')}
        </Button>
        <Button
          danger
          icon={<DeleteOutlined />}
          disabled={!count}
          onClick={() => confirmThen('delete', allMatching ? null : selected)}
        >
          {t('common.delete')}
        </Button>
      </Space>
      {offerMatching && (
        <Alert
          type="info"
          data-testid="select-matching"
          style={{ marginBottom: 12 }}
          message={
            <Space wrap size={4}>
              <span>
                {allMatching
                  ? t('accounts.matchingSelected', { total: list.total })
                  : t('accounts.shownSelected', { count: list.items.length })}
              </span>
              <Button
                type="link"
                style={{ padding: 0, height: 'auto' }}
                onClick={() => {
                  // Back to the rows ticked: every row shown.
                  if (allMatching) setSelected(list.items);
                  setAllMatching(!allMatching);
                }}
              >
                {allMatching
                  ? t('accounts.selectShown', { count: list.items.length })
                  : t('accounts.selectMatching', { total: list.total })}
              </Button>
            </Space>
          }
        />
      )}
      <PagedTable<Account>
        list={list}
        rowKey="id"
        data-testid="accounts-table"
        columns={columns}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('accounts.empty') }}
        rowSelection={{
          selectedRowKeys: (allMatching ? list.items : selected).map((a) => a.id),
          onChange: (_, rows) => {
            setAllMatching(false);
            setSelected(rows);
          },
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
      <BulkEditModal who={editing} groups={groups.data?.items ?? []} onApply={applyEdit} onCancel={() => setEditing(null)} />
      <BulkProgressModal
        started={job}
        onFinished={reload}
        onClose={(finished) => {
          // Closed before the end, the list shows what is done so far.
          if (!finished) reload();
          setJob(null);
        }}
      />
    </Card>
  );
}
