import { useState } from 'react';
import { Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ActivityRow, ActivityType } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime } from '../common/format';
import { useI18n } from '../i18n';
import { ReportPage } from './ReportPage';

const ACTIVITY_TYPES: ActivityType[] = ['portal_access', 'view', 'write', 'download'];
const TYPE_COLOR: Record<ActivityType, string> = { portal_access: 'purple', view: 'default', write: 'blue', download: 'cyan' };

const hasChanges = (changes: unknown) =>
  changes !== null && changes !== undefined && !(typeof changes === 'object' && Object.keys(changes).length === 0);

/** Reports > Administrators Activity: the audit log of the current organization, by date range. */
export function AdminActivityPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const timeZone = me.admin.timezone;
  const [activityType, setActivityType] = useState<ActivityType | undefined>(undefined);

  const columns: TableColumnsType<ActivityRow> = [
    {
      title: t('activity.at'),
      dataIndex: 'at',
      width: 180,
      render: (value: string) => formatDateTime(value, locale, timeZone),
    },
    { title: t('activity.admin'), dataIndex: 'actor_email', ellipsis: true },
    { title: t('activity.clientIp'), dataIndex: 'client_ip', width: 140 },
    { title: t('activity.organization'), dataIndex: 'org_name', ellipsis: true },
    {
      title: t('activity.type'),
      dataIndex: 'activity_type',
      width: 140,
      render: (type: ActivityType) => <Tag color={TYPE_COLOR[type]}>{ACTIVITY_TYPES.includes(type) ? t(`activity.types.${type}`) : type}</Tag>,
    },
    { title: t('activity.action'), dataIndex: 'action', width: 230, render: (action: string) => <Typography.Text code>{action}</Typography.Text> },
    {
      title: t('activity.target'),
      key: 'target',
      ellipsis: true,
      render: (_, row) => (row.target_type ? `${row.target_type} ${row.target_id ?? ''}`.trim() : ''),
    },
  ];

  return (
    <ReportPage<ActivityRow>
      report="admin_activity"
      title={t('activity.title')}
      subtitle={(org) => t('activity.intro', { name: org.name })}
      testId="activity"
      defaultRange="last_7_days"
      rowKey="seq"
      columns={columns}
      scrollX={1100}
      emptyText={t('activity.empty')}
      filterQuery={{ activity_type: activityType }}
      filters={
        <Select<ActivityType>
          allowClear
          value={activityType}
          onChange={setActivityType}
          placeholder={t('activity.allTypes')}
          aria-label={t('activity.type')}
          style={{ width: 200 }}
          options={ACTIVITY_TYPES.map((type) => ({ value: type, label: t(`activity.types.${type}`) }))}
        />
      }
      expandable={{
        rowExpandable: (row) => hasChanges(row.changes),
        expandedRowRender: (row) => (
          <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }}>{JSON.stringify(row.changes, null, 2)}</pre>
        ),
      }}
    />
  );
}
