import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { roles as rolesApi } from '../api/endpoints';
import type { Role } from '../api/types';
import { AdminTabs } from '../admins/AdminTabs';
import { useMe } from '../auth/session';
import { formatDateTime, formatNumber } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { RoleFormDrawer } from './RoleFormDrawer';
import type { RoleFormTarget } from './RoleFormDrawer';
import { usePrivilegeCatalog } from './usePrivilegeCatalog';

/** Roles and Privileges: the roles usable in the current organization (own and inherited). */
export function RolesPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { org } = useCurrentOrg();
  const { catalog, error: catalogError } = usePrivilegeCatalog();
  const [target, setTarget] = useState<RoleFormTarget | null>(null);
  const orgId = org?.id;
  const fetchRoles = useCallback(() => rolesApi.list(orgId ?? ''), [orgId]);
  const { data, loading, error, reload: load } = useApiData(orgId ? fetchRoles : null);
  const items: Role[] = data?.items ?? [];

  if (!org) return null;
  // Roles defined above the admin's home organization are outside their scope: usable, not editable.
  const inScope = new Set((org.path?.length ? org.path : [org]).map((o) => o.id));
  const editable = (role: Role) => !role.built_in && inScope.has(role.org_id);

  const remove = async (role: Role) => {
    try {
      await rolesApi.remove(role.id);
      message.success(t('roles.deleted', { name: role.name }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === 'role_in_use') {
        const count = typeof e.problem.admins === 'number' ? e.problem.admins : role.admin_count;
        message.error(t('roles.inUse', { count }));
      } else {
        message.error(e.detail);
      }
    }
    void load();
  };

  const columns: TableColumnsType<Role> = [
    {
      title: t('roles.name'),
      dataIndex: 'name',
      render: (_, role) => (
        <Space wrap size={4}>
          <Typography.Text strong>{role.name}</Typography.Text>
          {role.built_in && <Tag color="gold">{t('roles.builtIn')}</Tag>}
          {role.inherited && <Tag>{t('roles.inherited')}</Tag>}
        </Space>
      ),
    },
    { title: t('roles.organization'), dataIndex: 'org_name', ellipsis: true },
    {
      title: t('roles.privileges'),
      key: 'privileges',
      width: 140,
      align: 'right',
      render: (_, role) =>
        catalog
          ? t('roles.privilegeCount', { count: role.privileges.length, total: catalog.length })
          : formatNumber(role.privileges.length, locale),
    },
    {
      title: t('roles.admins'),
      dataIndex: 'admin_count',
      width: 190,
      render: (count: number) => t('roles.assigned', { count }),
    },
    {
      title: t('roles.updated'),
      dataIndex: 'updated_at',
      width: 180,
      render: (value: string) => formatDateTime(value, locale, me.admin.timezone),
    },
    {
      title: t('subOrgs.actions'),
      key: 'actions',
      width: 110,
      render: (_, role) =>
        editable(role) ? (
          <Space size={0}>
            <Tooltip title={t('common.edit')}>
              <Button
                type="text"
                icon={<EditOutlined />}
                aria-label={`${t('common.edit')} ${role.name}`}
                disabled={!catalog}
                onClick={() => setTarget({ kind: 'edit', role })}
              />
            </Tooltip>
            {role.admin_count > 0 ? (
              <Tooltip title={t('roles.inUse', { count: role.admin_count })}>
                <Button type="text" danger disabled icon={<DeleteOutlined />} aria-label={`${t('common.delete')} ${role.name}`} />
              </Tooltip>
            ) : (
              <Popconfirm
                title={t('roles.deleteConfirm', { name: role.name })}
                okText={t('common.yes')}
                cancelText={t('common.no')}
                // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
                onConfirm={() => remove(role)}
              >
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${t('common.delete')} ${role.name}`} />
              </Popconfirm>
            )}
          </Space>
        ) : (
          <Tooltip title={role.built_in ? t('roles.builtInNote') : t('roles.outOfScope')}>
            <Button
              type="text"
              icon={<EyeOutlined />}
              aria-label={`${t('roles.view')} ${role.name}`}
              disabled={!catalog}
              onClick={() => setTarget({ kind: 'view', role })}
            />
          </Tooltip>
        ),
    },
  ];

  const problem = error ?? catalogError;
  return (
    <Card>
      <AdminTabs active="/roles" />
      <PageHeader
        title={t('roles.title')}
        subtitle={t('roles.intro', { name: org.name })}
        actions={
          <>
            <Button type="primary" icon={<PlusOutlined />} disabled={!catalog} onClick={() => setTarget({ kind: 'create', org })}>
              {t('roles.create')}
            </Button>
          </>
        }
      />
      {problem && (
        <Alert
          type="error"
          showIcon
          message={problem.detail}
          action={<Button onClick={() => void load()}>{t('common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Typography.Paragraph type="secondary">{t('roles.deleteRule')}</Typography.Paragraph>
      <Table<Role>
        rowKey="id"
        data-testid="roles-table"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={false}
        scroll={{ x: 900 }}
      />
      {catalog && (
        <RoleFormDrawer
          target={target}
          catalog={catalog}
          onClose={() => setTarget(null)}
          onSaved={(saved) => {
            message.success(t(target?.kind === 'create' ? 'roles.created' : 'roles.saved', { name: saved.name }));
            setTarget(null);
            void load();
          }}
        />
      )}
    </Card>
  );
}
