import { useState } from 'react';
import { Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { AdministratorStatus, AdministratorStatusRow } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime } from '../common/format';
import { useI18n } from '../i18n';
import { ReportPage } from './ReportPage';

const STATUSES: AdministratorStatus[] = ['invited', 'active', 'login_suspended', 'account_suspended'];
const STATUS_COLOR: Record<AdministratorStatus, string> = {
  invited: 'blue',
  active: 'green',
  login_suspended: 'orange',
  account_suspended: 'red',
};

/**
 * Reports > Administrators Status (seed 002: "monitor administrator status in Administrator
 * Reports"): who has signed in since their invitation, who is suspended, with role and organization.
 */
export function AdministratorsReportPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const timeZone = me.admin.timezone;
  const [status, setStatus] = useState<AdministratorStatus | undefined>(undefined);

  const columns: TableColumnsType<AdministratorStatusRow> = [
    {
      title: t('adminReport.name'),
      key: 'name',
      width: 150,
      ellipsis: true,
      render: (_, row) => `${row.first_name} ${row.last_name}`,
    },
    { title: t('adminReport.email'), dataIndex: 'email', width: 200, ellipsis: true },
    {
      title: t('adminReport.status'),
      dataIndex: 'status',
      width: 160,
      render: (value: AdministratorStatus) => (
        <span className="table-tag">
          <Tag color={STATUS_COLOR[value]}>{STATUSES.includes(value) ? t(`adminReport.statuses.${value}`) : value}</Tag>
        </span>
      ),
    },
    {
      title: t('adminReport.invitedAt'),
      dataIndex: 'invited_at',
      width: 160,
      render: (value: string | null) => formatDateTime(value, locale, timeZone),
    },
    {
      title: t('adminReport.lastSignIn'),
      dataIndex: 'last_sign_in_at',
      width: 160,
      render: (value: string | null) =>
        value ? (
          formatDateTime(value, locale, timeZone)
        ) : (
          <Typography.Text type="secondary">{t('adminReport.never')}</Typography.Text>
        ),
    },
    { title: t('adminReport.role'), dataIndex: 'role_name', width: 125, ellipsis: true },
    { title: t('adminReport.organization'), dataIndex: 'org_name', width: 115, ellipsis: true },
  ];

  return (
    <ReportPage<AdministratorStatusRow>
      report="administrators"
      title={t('adminReport.title')}
      subtitle={(org) => t('adminReport.intro', { name: org.name })}
      testId="admin-report"
      dated={false}
      rowKey="id"
      columns={columns}
      // The columns' widths: sideways scrolling only on screens narrower than 1440 pixels.
      scrollX={1070}
      emptyText={t('adminReport.empty')}
      filterQuery={{ status }}
      filters={
        <Select<AdministratorStatus>
          allowClear
          value={status}
          onChange={setStatus}
          placeholder={t('adminReport.allStatuses')}
          aria-label={t('adminReport.status')}
          style={{ width: 220 }}
          options={STATUSES.map((value) => ({ value, label: t(`adminReport.statuses.${value}`) }))}
        />
      }
    />
  );
}
