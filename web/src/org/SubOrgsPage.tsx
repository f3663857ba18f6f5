import { useState } from 'react';
import { App, Button, Card, Result, Space, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { orgs } from '../api/endpoints';
import type { Org } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { formatDateTime, formatNumber } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { PagedTable } from '../common/PagedTable';
import { useI18n } from '../i18n';
import { useCurrentOrg } from './currentOrg';
import { OrgFormModal } from './OrgFormModal';
import type { OrgFormTarget } from './OrgFormModal';
import { useChildren } from './useChildren';

const PAGE_SIZE = 50;

/** The children of the current organization: list, create, edit, delete, go into. */
export function SubOrgsPage() {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const me = useMe();
  const { org, select, reload: reloadCurrent } = useCurrentOrg();
  const children = useChildren(org?.id ?? null, PAGE_SIZE);
  const [formTarget, setFormTarget] = useState<OrgFormTarget | null>(null);

  if (!can('profile.view')) return <Result status="403" subTitle={t('common.noAccess')} />;
  if (!org) return null;

  const canEdit = can('profile.edit');
  const canDelete = can('profile.delete_suborg');

  const afterChange = () => {
    children.reload();
    void reloadCurrent();
  };

  const goTo = (child: Org) =>
    select(child.id).catch((e: unknown) => message.error(e instanceof DomainError ? e.detail : t('common.errorGeneric')));

  const remove = async (child: Org) => {
    try {
      await orgs.remove(child.id);
      message.success(t('subOrgs.deleted', { name: child.name }));
      afterChange();
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === 'org_not_empty') {
        const count = (key: string) => (typeof e.problem[key] === 'number' ? e.problem[key] : '?');
        message.error(t('subOrgs.notEmpty', { name: child.name, accounts: count('accounts'), admins: count('admins') }));
        children.reload(); // the counts on screen were out of date
      } else {
        message.error(e.detail);
      }
    }
  };

  // The confirmation says what the deletion does: how many numbers go to the parent's pool
  // (numbers move one level at a time) and how many sub-organizations go with it.
  const confirmRemove = async (child: Org) => {
    let preview;
    try {
      preview = await orgs.deletionPreview(child.id);
    } catch (e) {
      message.error(e instanceof DomainError ? e.detail : t('common.errorGeneric'));
      return;
    }
    if (!preview.can_delete) {
      message.error(
        preview.blocked_code === 'org_not_empty'
          ? t('subOrgs.notEmpty', { name: child.name, accounts: preview.accounts, admins: preview.admins })
          : (preview.blocked_message ?? t('common.errorGeneric')),
      );
      children.reload();
      return;
    }
    const parent = preview.parent_name ?? '';
    modal.confirm({
      title: t('subOrgs.deleteTitle', { name: child.name }),
      content: (
        <div data-testid="delete-org-summary">
          <Typography.Paragraph>
            {preview.numbers === 0
              ? t('subOrgs.deleteNoNumbers')
              : preview.numbers === 1
                ? t('subOrgs.deleteOneNumber', { parent })
                : t('subOrgs.deleteNumbers', { count: preview.numbers, parent })}
          </Typography.Paragraph>
          {preview.sub_orgs > 0 && (
            <Typography.Paragraph>{t('subOrgs.deleteWithSubOrgs', { count: preview.sub_orgs })}</Typography.Paragraph>
          )}
        </div>
      ),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => remove(child),
    });
  };

  const deleteLabel = (child: Org) => `${t('common.delete')} ${child.name}`;

  const columns: TableColumnsType<Org> = [
    {
      title: t('subOrgs.name'),
      dataIndex: 'name',
      render: (_, child) => (
        <Button
          type="link"
          onClick={() => void goTo(child)}
          title={t('subOrgs.goTo', { name: child.name })}
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
        >
          {child.name}
        </Button>
      ),
    },
    {
      title: t('subOrgs.description'),
      dataIndex: 'description',
      ellipsis: true,
    },
    {
      title: t('subOrgs.users'),
      dataIndex: 'subtree_account_count',
      align: 'right',
      width: 110,
      render: (n: number) => formatNumber(n, locale),
    },
    {
      title: t('subOrgs.admins'),
      dataIndex: 'subtree_admin_count',
      align: 'right',
      width: 140,
      render: (n: number) => formatNumber(n, locale),
    },
    {
      title: t('subOrgs.created'),
      dataIndex: 'created_at',
      width: 190,
      render: (value: string) => formatDateTime(value, locale, me.admin.timezone),
    },
  ];

  if (canEdit || canDelete) {
    columns.push({
      title: t('subOrgs.actions'),
      key: 'actions',
      width: 120,
      render: (_, child) => {
        const occupied = child.subtree_account_count + child.subtree_admin_count > 0;
        return (
          <Space size={0}>
            {canEdit && (
              <Tooltip title={t('common.edit')}>
                <Button
                  type="text"
                  icon={<EditOutlined />}
                  aria-label={`${t('common.edit')} ${child.name}`}
                  onClick={() => setFormTarget({ kind: 'edit', org: child })}
                />
              </Tooltip>
            )}
            {canDelete &&
              (occupied ? (
                <Tooltip title={t('subOrgs.deleteBlocked')}>
                  <Button type="text" danger disabled icon={<DeleteOutlined />} aria-label={deleteLabel(child)} />
                </Tooltip>
              ) : (
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={deleteLabel(child)}
                  onClick={() => void confirmRemove(child)}
                />
              ))}
          </Space>
        );
      },
    });
  }

  return (
    <Card>
      <PageHeader
        title={t('subOrgs.title')}
        subtitle={t('subOrgs.of', { name: org.name })}
        actions={
          can('profile.create_suborg') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ kind: 'create', parent: org })}>
              {t('subOrgs.create')}
            </Button>
          )
        }
      />
      <PagedTable<Org>
        list={children}
        rowKey="id"
        data-testid="suborg-table"
        columns={columns}
        locale={{ emptyText: t('subOrgs.empty', { name: org.name }) }}
        scroll={{ x: 760 }}
      />
      <OrgFormModal
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onSaved={(saved) => {
          message.success(t(formTarget?.kind === 'edit' ? 'subOrgs.updatedMsg' : 'subOrgs.createdMsg', { name: saved.name }));
          setFormTarget(null);
          afterChange();
        }}
      />
    </Card>
  );
}
