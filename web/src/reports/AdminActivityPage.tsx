import { useCallback, useState } from 'react';
import { Alert, Button, Card, Checkbox, DatePicker, Flex, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { reports } from '../api/endpoints';
import type { ActivityQuery, ActivityRow, ActivityType, DateRangeName } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { DATE_RANGES } from '../common/dateRanges';
import { formatDateTime } from '../common/format';
import { PagedTable } from '../common/PagedTable';
import { useCursorList } from '../common/useCursorList';
import { PageHeader } from '../common/PageHeader';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';

const PAGE_SIZE = 50;
const ACTIVITY_TYPES: ActivityType[] = ['portal_access', 'view', 'write', 'download'];
const TYPE_COLOR: Record<ActivityType, string> = { portal_access: 'purple', view: 'default', write: 'blue', download: 'cyan' };

const hasChanges = (changes: unknown) =>
  changes !== null && changes !== undefined && !(typeof changes === 'object' && Object.keys(changes).length === 0);

/** Reports > Administrators Activity: the audit log of the current organization, by date range. */
export function AdminActivityPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const me = useMe();
  const { org } = useCurrentOrg();
  const timeZone = me.admin.timezone;
  const [range, setRange] = useState<DateRangeName>('last_7_days');
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null);
  const [activityType, setActivityType] = useState<ActivityType | undefined>(undefined);
  const [includeSuborgs, setIncludeSuborgs] = useState(true);
  const orgId = org?.id;

  // Presets are resolved by the server, in the organization's time zone (cycles are its calendar months).
  const query: ActivityQuery | null =
    range !== 'custom'
      ? { range, include_suborgs: includeSuborgs, activity_type: activityType }
      : custom
        ? { range, ...custom, include_suborgs: includeSuborgs, activity_type: activityType }
        : null;
  const queryKey = query ? JSON.stringify(query) : null;

  const fetchPage = useCallback(
    (cursor: string | null) => reports.adminActivity(orgId ?? '', JSON.parse(queryKey ?? '{}') as ActivityQuery, cursor, PAGE_SIZE),
    [orgId, queryKey],
  );
  const list = useCursorList(orgId && queryKey ? fetchPage : null);

  if (!org) return null;

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
    <Card>
      <PageHeader
        title={t('activity.title')}
        subtitle={t('activity.intro', { name: org.name })}
        actions={
          <>
            {can('reports.download.admin_activity') && query && (
              <Button icon={<DownloadOutlined />} href={reports.adminActivityCsvUrl(org.id, query)} download data-testid="activity-csv">
                {t('activity.downloadCsv')}
              </Button>
            )}
          </>
        }
      />
      <Flex gap={12} align="center" wrap style={{ marginBottom: 16 }}>
        <Select<DateRangeName>
          value={range}
          onChange={setRange}
          aria-label={t('activity.range')}
          style={{ width: 200 }}
          options={DATE_RANGES.map((r) => ({ value: r, label: t(`dates.${r}`) }))}
          data-testid="activity-range"
        />
        {range === 'custom' && (
          <DatePicker.RangePicker
            allowClear={false}
            onChange={(_, [from, to]) => setCustom(from && to ? { from, to } : null)}
            data-testid="activity-custom-range"
          />
        )}
        <Select<ActivityType>
          allowClear
          value={activityType}
          onChange={setActivityType}
          placeholder={t('activity.allTypes')}
          aria-label={t('activity.type')}
          style={{ width: 200 }}
          options={ACTIVITY_TYPES.map((type) => ({ value: type, label: t(`activity.types.${type}`) }))}
        />
        <Checkbox checked={includeSuborgs} onChange={(e) => setIncludeSuborgs(e.target.checked)}>
          {t('common.includeSuborgs')}
        </Checkbox>
      </Flex>
      {range === 'custom' && !custom && <Alert type="info" showIcon message={t('activity.pickRange')} style={{ marginBottom: 16 }} />}
      <PagedTable<ActivityRow>
        list={list}
        rowKey="seq"
        size="middle"
        data-testid="activity-table"
        columns={columns}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('activity.empty') }}
        expandable={{
          rowExpandable: (row) => hasChanges(row.changes),
          expandedRowRender: (row) => (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }}>{JSON.stringify(row.changes, null, 2)}</pre>
          ),
        }}
      />
    </Card>
  );
}
