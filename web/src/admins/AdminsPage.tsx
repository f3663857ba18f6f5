import { useCallback, useState } from 'react';
import { App, Button, Card, Checkbox, Flex, Input, Space, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ApiOutlined, DeleteOutlined, EditOutlined, MailOutlined, PlusOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { admins } from '../api/endpoints';
import type { AdminRecord, ResendBatch } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { formatDateTime } from '../common/format';
import { errorText } from '../common/formErrors';
import { PagedTable } from '../common/PagedTable';
import { useCursorList } from '../common/useCursorList';
import { PageHeader } from '../common/PageHeader';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { AdminFormDrawer } from './AdminFormDrawer';
import type { AdminFormTarget } from './AdminFormDrawer';
import { AdminTabs } from './AdminTabs';
import { ResendResultsModal } from './ResendResultsModal';

const PAGE_SIZE = 50;

/** Administrators: list and search, add administrators and API users, edit, suspend, delete, resend. */
export function AdminsPage() {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const me = useMe();
  const { org } = useCurrentOrg();
  const [query, setQuery] = useState('');
  const [includeSuborgs, setIncludeSuborgs] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [formTarget, setFormTarget] = useState<AdminFormTarget | null>(null);
  const [batch, setBatch] = useState<ResendBatch | null>(null);
  const [resending, setResending] = useState(false);
  const orgId = org?.id;

  const fetchPage = useCallback(
    (cursor: string | null) => admins.list(orgId ?? '', { q: query, include_suborgs: includeSuborgs, cursor, limit: PAGE_SIZE }),
    [orgId, query, includeSuborgs],
  );
  const list = useCursorList(orgId ? fetchPage : null);

  if (!org) return null;

  const canAdmins = can('administrators');
  const canApiUsers = can('api_users');
  const manageable = (a: AdminRecord) => can(a.kind === 'api_user' ? 'api_users' : 'administrators');
  const fullName = (a: AdminRecord) => `${a.first_name} ${a.last_name}`.trim();

  const reload = () => {
    setSelected([]);
    list.reload();
  };

  const deleteNow = async (admin: AdminRecord, confirm: boolean) => {
    try {
      await admins.remove(admin.id, confirm);
      message.success(t('admins.deleted', { name: fullName(admin) }));
      setFormTarget(null);
      reload();
    } catch (e) {
      if (e instanceof DomainError && e.code === 'integration_would_break' && !confirm) {
        const application = typeof e.problem.application === 'string' ? e.problem.application : '?';
        // The seed's warning: the last API user of an application keeps its integration alive.
        modal.confirm({
          title: t('common.confirm'),
          content: (
            <>
              <Typography.Paragraph>{t('admins.integrationWarning', { name: fullName(admin), application })}</Typography.Paragraph>
              <Typography.Paragraph strong>{t('admins.deleteQuestion')}</Typography.Paragraph>
            </>
          ),
          okText: t('admins.deleteAnyway'),
          okButtonProps: { danger: true },
          cancelText: t('common.no'),
          onOk: () => deleteNow(admin, true),
        });
      } else {
        message.error(errorText(e, t('common.errorGeneric')));
      }
    }
  };

  const askDelete = (admin: AdminRecord) => {
    modal.confirm({
      title: t('common.confirm'),
      content: t('admins.deleteConfirm', { name: fullName(admin) }),
      okText: t('common.yes'),
      okButtonProps: { danger: true },
      cancelText: t('common.no'),
      onOk: () => deleteNow(admin, false),
    });
  };

  const resend = async () => {
    setResending(true);
    try {
      setBatch(await admins.resendInvitations(selected));
      reload();
    } catch (e) {
      message.error(errorText(e, t('common.errorGeneric')));
    } finally {
      setResending(false);
    }
  };

  const statusTags = (a: AdminRecord) => {
    const tags = [];
    if (a.account_suspended)
      tags.push(
        <Tag key="account" color="red">
          {t('admins.accountSuspended')}
        </Tag>,
      );
    if (a.login_suspended)
      tags.push(
        <Tag key="login" color="orange">
          {t('admins.loginSuspended')}
        </Tag>,
      );
    if (a.password_change_required)
      tags.push(
        <Tag key="pending" color="blue">
          {t('admins.pending')}
        </Tag>,
      );
    if (tags.length === 0)
      tags.push(
        <Tag key="active" color="green">
          {t('admins.active')}
        </Tag>,
      );
    // A long status ("Pending first sign-in") wraps inside its column instead of running into the next.
    return (
      <Flex vertical gap={4} align="flex-start">
        {tags.map((tag) => (
          <span key={tag.key} className="table-tag">
            {tag}
          </span>
        ))}
      </Flex>
    );
  };

  const columns: TableColumnsType<AdminRecord> = [
    {
      title: t('admins.nameEmail'),
      key: 'name',
      width: 230,
      render: (_, a) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Space size={4} wrap>
            {manageable(a) ? (
              <Button
                type="link"
                style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
                onClick={() => setFormTarget({ kind: 'edit', admin: a })}
              >
                {fullName(a)}
              </Button>
            ) : (
              <Typography.Text>{fullName(a)}</Typography.Text>
            )}
            {a.kind === 'api_user' && (
              <Tooltip title={a.external_applications.join(', ')}>
                <Tag icon={<ApiOutlined />}>{t('admins.apiUser')}</Tag>
              </Tooltip>
            )}
            {a.id === me.admin.id && <Tag>{t('admins.you')}</Tag>}
          </Space>
          <Typography.Text type="secondary" ellipsis={{ tooltip: a.email }} style={{ fontSize: 13 }}>
            {a.email}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('admins.lastSignIn'),
      dataIndex: 'last_sign_in_at',
      width: 170,
      render: (value: string | null) =>
        value ? (
          formatDateTime(value, locale, me.admin.timezone)
        ) : (
          <Typography.Text type="secondary">{t('admins.never')}</Typography.Text>
        ),
    },
    { title: t('admins.role'), dataIndex: 'role_name', ellipsis: true },
    { title: t('admins.organization'), dataIndex: 'org_name', ellipsis: true },
    { title: t('admins.status'), key: 'status', width: 170, render: (_, a) => statusTags(a) },
    {
      title: t('subOrgs.actions'),
      key: 'actions',
      width: 120,
      fixed: 'right',
      render: (_, a) =>
        manageable(a) && (
          <Space size={0}>
            <Tooltip title={t('common.edit')}>
              <Button
                type="text"
                icon={<EditOutlined />}
                aria-label={`${t('common.edit')} ${fullName(a)}`}
                onClick={() => setFormTarget({ kind: 'edit', admin: a })}
              />
            </Tooltip>
            {a.id !== me.admin.id && (
              <Tooltip title={t('common.delete')}>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`${t('common.delete')} ${fullName(a)}`}
                  onClick={() => askDelete(a)}
                />
              </Tooltip>
            )}
          </Space>
        ),
    },
  ];

  return (
    <Card>
      <AdminTabs active="/administrators" />
      <PageHeader
        title={t('admins.title')}
        subtitle={t('admins.of', { name: org.name })}
        actions={
          <>
            {canApiUsers && (
              <Button icon={<PlusOutlined />} onClick={() => setFormTarget({ kind: 'create-api-user', org })}>
                {t('admins.addApiUser')}
              </Button>
            )}
            {canAdmins && (
              <Button icon={<MailOutlined />} disabled={selected.length === 0} loading={resending} onClick={() => void resend()}>
                {selected.length ? t('admins.resendCount', { count: selected.length }) : t('admins.resend')}
              </Button>
            )}
            {canAdmins && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ kind: 'create-admin', org })}>
                {t('admins.addAdmin')}
              </Button>
            )}
          </>
        }
      />
      <Flex gap={16} align="center" wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('admins.search')}
          aria-label={t('admins.search')}
          onSearch={(value) => {
            setSelected([]);
            setQuery(value.trim());
          }}
          style={{ maxWidth: 360 }}
        />
        <Checkbox
          checked={includeSuborgs}
          onChange={(e) => {
            setSelected([]);
            setIncludeSuborgs(e.target.checked);
          }}
        >
          {t('common.includeSuborgs')}
        </Checkbox>
      </Flex>
      <PagedTable<AdminRecord>
        list={list}
        rowKey="id"
        data-testid="admins-table"
        columns={columns}
        scroll={{ x: 900 }}
        locale={{ emptyText: query ? t('admins.noMatch') : t('admins.empty') }}
        rowSelection={
          canAdmins
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: (a) => ({ disabled: a.id === me.admin.id || !manageable(a), 'aria-label': fullName(a) }),
              }
            : undefined
        }
      />
      <AdminFormDrawer
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onSaved={(saved, created) => {
          message.success(
            t(created ? (saved.kind === 'api_user' ? 'admins.apiUserCreated' : 'admins.invited') : 'admins.saved', {
              name: fullName(saved),
              email: saved.email,
            }),
          );
          setFormTarget(null);
          reload();
        }}
        onChanged={() => list.reload()}
        onDelete={askDelete}
      />
      <ResendResultsModal batch={batch} onClose={() => setBatch(null)} />
    </Card>
  );
}
