import { Button, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, EyeOutlined } from '@ant-design/icons';
import type { Org, UsableOrgTemplate } from '../api/types';
import { formatNumber } from '../common/format';
import { useI18n } from '../i18n';
import type { TemplateTarget } from './TemplateDrawer';
import { planLabel, roleLabel, settingLines } from './templateText';
import type { TemplateReferences } from './useTemplateReferences';

/** Shown for a part the template leaves out. */
function Nothing() {
  return <Typography.Text type="secondary">—</Typography.Text>;
}

/**
 * The templates usable at `org`, inherited ones marked. Templates defined outside the admin's
 * scope (above their own organization) can be looked at, not changed.
 */
export function TemplateTable({
  org,
  templates,
  references,
  loading,
  canEdit,
  onOpen,
  onDelete,
}: {
  org: Org;
  templates: UsableOrgTemplate[];
  references: TemplateReferences;
  loading: boolean;
  canEdit: boolean;
  onOpen: (target: TemplateTarget) => void;
  onDelete: (template: UsableOrgTemplate) => Promise<void>;
}) {
  const { t, locale } = useI18n();
  const { plans, roles } = references;
  // The organizations from the admin's home down to this one: the templates defined there are theirs to change.
  const inScope = new Set((org.path?.length ? org.path : [org]).map((o) => o.id));
  const editable = (template: UsableOrgTemplate) => canEdit && inScope.has(template.org_id);

  const columns: TableColumnsType<UsableOrgTemplate> = [
    {
      title: t('orgTemplates.name'),
      key: 'name',
      width: 180,
      render: (_, template) => (
        <Flex vertical gap={4} align="flex-start">
          <Space wrap size={4}>
            <Typography.Text strong>{template.name}</Typography.Text>
            {template.inherited && <Tag>{t('roles.inherited')}</Tag>}
          </Space>
          {template.inherited && (
            <Typography.Text type="secondary">{t('subscriptions.definedOn', { org: template.org_name })}</Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('orgTemplates.plan'),
      key: 'plan',
      width: 160,
      render: (_, template) => planLabel(template.subscription_id, plans, t),
    },
    {
      title: t('orgTemplates.settings'),
      key: 'settings',
      width: 200,
      render: (_, template) => {
        const lines = settingLines(template.settings, t);
        return lines.length ? lines.map((line) => <div key={line}>{line}</div>) : <Nothing />;
      },
    },
    {
      title: t('orgTemplates.roles'),
      key: 'roles',
      width: 160,
      render: (_, template) => {
        if (!template.role_ids.length) return <Nothing />;
        if (!roles) return t('orgTemplates.roleCount', { count: template.role_ids.length });
        return template.role_ids.map((id) => <div key={id}>{roleLabel(id, roles, t)}</div>);
      },
    },
    {
      title: t('orgTemplates.groups'),
      key: 'groups',
      width: 200,
      render: (_, template) =>
        template.permission_groups.length ? (
          <Flex wrap gap={4}>
            {template.permission_groups.map((g) => (
              <Tag key={g.name} color={g.is_default ? 'blue' : undefined}>
                {g.is_default ? `${g.name} (${t('permissions.default')})` : g.name}
              </Tag>
            ))}
          </Flex>
        ) : (
          <Nothing />
        ),
    },
    {
      title: t('orgTemplates.numbers'),
      dataIndex: 'numbers',
      width: 110,
      align: 'right',
      render: (numbers: number | null) => (numbers === null ? <Nothing /> : formatNumber(numbers, locale)),
    },
    {
      title: t('subscriptions.actions'),
      key: 'actions',
      width: 104,
      render: (_, template) => (
        <TemplateActions template={template} editable={editable(template)} onOpen={onOpen} onDelete={onDelete} />
      ),
    },
  ];

  return (
    <Table<UsableOrgTemplate>
      rowKey="id"
      data-testid="org-templates-table"
      columns={columns}
      dataSource={templates}
      loading={loading}
      pagination={false}
      tableLayout="fixed"
      scroll={{ x: 1120 }}
      locale={{ emptyText: t('orgTemplates.empty') }}
    />
  );
}

/** Edit and Delete for a template the admin may change; View for any other. */
function TemplateActions({
  template,
  editable,
  onOpen,
  onDelete,
}: {
  template: UsableOrgTemplate;
  editable: boolean;
  onOpen: (target: TemplateTarget) => void;
  onDelete: (template: UsableOrgTemplate) => Promise<void>;
}) {
  const { t } = useI18n();
  if (!editable) {
    return (
      <Tooltip title={t('subscriptions.view')}>
        <Button
          type="text"
          icon={<EyeOutlined />}
          aria-label={`${t('subscriptions.view')} ${template.name}`}
          onClick={() => onOpen({ kind: 'view', template })}
        />
      </Tooltip>
    );
  }
  return (
    <Space size={0}>
      <Tooltip title={t('common.edit')}>
        <Button
          type="text"
          icon={<EditOutlined />}
          aria-label={`${t('common.edit')} ${template.name}`}
          onClick={() => onOpen({ kind: 'edit', template })}
        />
      </Tooltip>
      <Popconfirm
        title={t('orgTemplates.deleteConfirm', { name: template.name })}
        description={t('orgTemplates.deleteNote')}
        okText={t('common.yes')}
        cancelText={t('common.no')}
        // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
        onConfirm={() => onDelete(template)}
      >
        <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${t('common.delete')} ${template.name}`} />
      </Popconfirm>
    </Space>
  );
}
