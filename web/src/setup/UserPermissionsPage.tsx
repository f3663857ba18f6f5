import { useCallback, useState } from 'react';
import { App, Button, Card, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { permissionGroups } from '../api/endpoints';
import type { PermissionGroup } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { formatNumber } from '../common/format';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { PermissionGroupModal } from './PermissionGroupModal';
import type { PermissionGroupTarget } from './PermissionGroupModal';

/** Setup > User Permissions: the app feature sets of user accounts, own and inherited. */
export function UserPermissionsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const [target, setTarget] = useState<PermissionGroupTarget | null>(null);
  const orgId = org?.id ?? '';
  const groups = useApiData(useCallback(() => permissionGroups.list(orgId), [orgId]));

  if (!org) return null;
  const canEdit = can('setup.edit.user_permissions');
  // Groups of the organizations above are usable here and changed where they are defined.
  const own = (g: PermissionGroup) => g.org_id === org.id;

  const remove = async (g: PermissionGroup) => {
    try {
      await permissionGroups.remove(g.id);
      message.success(t('permissions.deleted', { name: g.name }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === 'group_in_use') message.error(t('permissions.inUse', { count: g.account_count }));
      else if (e.code === 'default_group') message.error(t('permissions.defaultNoDelete'));
      else message.error(e.detail);
    }
    void groups.reload();
  };

  const columns: TableColumnsType<PermissionGroup> = [
    {
      title: t('permissions.name'),
      key: 'name',
      render: (_, g) => (
        <Space wrap size={4}>
          <Typography.Text strong>{g.name}</Typography.Text>
          {g.is_default && <Tag color="blue">{t('permissions.default')}</Tag>}
          {g.inherited && <Tag>{t('roles.inherited')}</Tag>}
        </Space>
      ),
    },
    { title: t('roles.organization'), dataIndex: 'org_name', ellipsis: true, width: 180 },
    {
      title: t('permissions.features'),
      key: 'features',
      render: (_, g) => (
        <Flex wrap gap={4}>
          {g.features.map((f) => (
            <Tag key={f}>{t(`features.${f}`)}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('permissions.accounts'),
      dataIndex: 'account_count',
      width: 110,
      align: 'right',
      render: (n: number) => formatNumber(n, locale),
    },
  ];
  if (canEdit) {
    columns.push({
      title: t('subOrgs.actions'),
      key: 'actions',
      width: 110,
      render: (_, g) =>
        own(g) ? (
          <Space size={0}>
            <Tooltip title={t('common.edit')}>
              <Button
                type="text"
                icon={<EditOutlined />}
                aria-label={`${t('common.edit')} ${g.name}`}
                onClick={() => setTarget({ kind: 'edit', group: g })}
              />
            </Tooltip>
            {g.is_default || g.account_count > 0 ? (
              <Tooltip title={g.is_default ? t('permissions.defaultNoDelete') : t('permissions.inUse', { count: g.account_count })}>
                <Button type="text" danger disabled icon={<DeleteOutlined />} aria-label={`${t('common.delete')} ${g.name}`} />
              </Tooltip>
            ) : (
              <Popconfirm
                title={t('permissions.deleteConfirm', { name: g.name })}
                okText={t('common.yes')}
                cancelText={t('common.no')}
                // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
                onConfirm={() => remove(g)}
              >
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${t('common.delete')} ${g.name}`} />
              </Popconfirm>
            )}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('permissions.inheritedNote')}</Typography.Text>
        ),
    });
  }

  return (
    <Card>
      <PageHeader
        title={t('permissions.title')}
        subtitle={t('permissions.intro', { name: org.name })}
        actions={
          canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ kind: 'create', org })}>
              {t('permissions.create')}
            </Button>
          )
        }
      />
      <ErrorNotice error={groups.error} onRetry={() => void groups.reload()} />
      <Table<PermissionGroup>
        rowKey="id"
        data-testid="permission-groups-table"
        columns={columns}
        dataSource={groups.data?.items ?? []}
        loading={groups.loading}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: t('permissions.empty') }}
      />
      <PermissionGroupModal
        target={target}
        onClose={() => setTarget(null)}
        onSaved={(saved) => {
          message.success(t(target?.kind === 'create' ? 'permissions.created' : 'permissions.saved', { name: saved.name }));
          setTarget(null);
          void groups.reload();
        }}
      />
    </Card>
  );
}
