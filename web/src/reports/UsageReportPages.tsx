import { Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ConsumptionRow, UsageActivityRow, UsageSums, UsageType, UserMetricsRow } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime } from '../common/format';
import { formatBytes, formatCount, formatDuration } from '../common/usageFormat';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { ReportPage } from './ReportPage';

const TYPE_COLOR: Record<UsageType, string> = { voice: 'blue', message: 'green', data: 'purple' };

/** How each column of the usage sums reads: talk time, a count or an amount of data. */
const SUM_COLUMNS: [keyof UsageSums, MessageKey, 'seconds' | 'count' | 'bytes'][] = [
  ['voice_in_seconds', 'usage.col.voiceIn', 'seconds'],
  ['voice_out_seconds', 'usage.col.voiceOut', 'seconds'],
  ['messages_received', 'usage.col.messagesReceived', 'count'],
  ['messages_sent', 'usage.col.messagesSent', 'count'],
  ['data_bytes', 'usage.col.data', 'bytes'],
  ['billable_voice_seconds', 'usage.col.billableVoice', 'seconds'],
  ['billable_messages', 'usage.col.billableMessages', 'count'],
  ['billable_data_bytes', 'usage.col.billableData', 'bytes'],
];

/** The columns of the usage sums that consumption_metrics and user_metrics share. */
function useSumColumns<T extends UsageSums>(): TableColumnsType<T> {
  const { t, locale } = useI18n();
  const format = { seconds: formatDuration, count: formatCount, bytes: formatBytes };
  return SUM_COLUMNS.map(([field, label, kind]) => ({
    title: t(label),
    dataIndex: field,
    align: 'right' as const,
    width: 130,
    render: (value: number) => format[kind](value, locale),
  }));
}

/** Reports > Consumption Metrics: usage per organization and day. */
export function ConsumptionMetricsPage() {
  const { t } = useI18n();
  const sums = useSumColumns<ConsumptionRow>();
  const columns: TableColumnsType<ConsumptionRow> = [
    { title: t('usage.col.date'), dataIndex: 'date', width: 120, fixed: 'left' },
    { title: t('usage.col.organization'), dataIndex: 'org_name', width: 200, ellipsis: true },
    ...sums,
  ];
  return (
    <ReportPage<ConsumptionRow>
      report="consumption_metrics"
      title={t('usage.consumption.title')}
      subtitle={(org) => t('usage.consumption.intro', { name: org.name })}
      testId="consumption"
      rowKey={(row) => `${row.date}/${row.org_id}`}
      columns={columns}
      scrollX={1400}
      emptyText={t('usage.empty')}
    />
  );
}

/** Reports > User Metrics: usage per account over the range. */
export function UserMetricsPage() {
  const { t } = useI18n();
  const sums = useSumColumns<UserMetricsRow>();
  const columns: TableColumnsType<UserMetricsRow> = [
    {
      title: t('usage.col.user'),
      key: 'name',
      width: 180,
      fixed: 'left',
      ellipsis: true,
      render: (_, row) => `${row.first_name} ${row.last_name}`.trim(),
    },
    { title: t('usage.col.login'), dataIndex: 'login', width: 220, ellipsis: true },
    { title: t('usage.col.number'), dataIndex: 'multiline_number', width: 150 },
    { title: t('usage.col.organization'), dataIndex: 'org_name', width: 180, ellipsis: true },
    ...sums,
  ];
  return (
    <ReportPage<UserMetricsRow>
      report="user_metrics"
      title={t('usage.users.title')}
      subtitle={(org) => t('usage.users.intro', { name: org.name })}
      testId="user-metrics"
      rowKey="account_id"
      columns={columns}
      scrollX={1800}
      emptyText={t('usage.empty')}
    />
  );
}

/** Reports > Activities: the individual usage records, newest first. */
export function ActivitiesPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const quantity = (row: UsageActivityRow) =>
    row.type === 'voice'
      ? formatDuration(row.quantity, locale)
      : row.type === 'data'
        ? formatBytes(row.quantity, locale)
        : formatCount(row.quantity, locale);
  const columns: TableColumnsType<UsageActivityRow> = [
    {
      title: t('usage.col.startedAt'),
      dataIndex: 'started_at',
      width: 180,
      render: (value: string) => formatDateTime(value, locale, me.admin.timezone),
    },
    {
      title: t('usage.col.user'),
      key: 'name',
      width: 180,
      ellipsis: true,
      render: (_, row) => `${row.first_name} ${row.last_name}`.trim(),
    },
    { title: t('usage.col.number'), dataIndex: 'multiline_number', width: 150 },
    { title: t('usage.col.organization'), dataIndex: 'org_name', width: 180, ellipsis: true },
    {
      title: t('usage.col.type'),
      dataIndex: 'type',
      width: 110,
      render: (type: UsageType) => <Tag color={TYPE_COLOR[type]}>{t(`usage.type.${type}`)}</Tag>,
    },
    {
      title: t('usage.col.direction'),
      key: 'direction',
      width: 120,
      // Data goes down (in) or up (out); calls and messages come in or go out.
      render: (_, row) => t(row.type === 'data' ? `usage.direction.data.${row.direction}` : `usage.direction.${row.direction}`),
    },
    { title: t('usage.col.quantity'), key: 'quantity', align: 'right', width: 140, render: (_, row) => quantity(row) },
    {
      title: t('usage.col.billable'),
      dataIndex: 'billable',
      width: 100,
      render: (billable: boolean) => (billable ? t('common.yes') : t('common.no')),
    },
    { title: t('usage.col.recordId'), dataIndex: 'id', ellipsis: true },
  ];
  return (
    <ReportPage<UsageActivityRow>
      report="activities"
      title={t('usage.activities.title')}
      subtitle={(org) => t('usage.activities.intro', { name: org.name })}
      testId="activities"
      defaultRange="last_7_days"
      rowKey={(row) => `${row.account_id}/${row.id}`}
      columns={columns}
      scrollX={1400}
      emptyText={t('usage.empty')}
    />
  );
}
