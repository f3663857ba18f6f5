import { Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ConsumptionRow, UsageActivityRow, UsageSums, UsageType, UserMetricsRow } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime } from '../common/format';
import { formatBytes, formatCount, formatDuration, formatLocalDate } from '../common/usageFormat';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { NumberOrgCell, UserCell } from './PersonCells';
import { ReportPage } from './ReportPage';

const TYPE_COLOR: Record<UsageType, string> = { voice: 'blue', message: 'green', data: 'purple' };

type SumKind = 'seconds' | 'count' | 'bytes';
/**
 * Each usage sum: its field, its short title under its group, its full name, how it reads, and
 * its width (room for the longest title word of en/es/pt, e.g. "Facturable", without breaking it).
 */
type SumColumn = [keyof UsageSums, MessageKey, MessageKey, SumKind, number];

/**
 * The usage sums in three groups (voice, messages, data) under short titles, so that all of a
 * report's columns fit a 1440-pixel screen without scrolling sideways; the full name of each
 * shows on hovering its title.
 */
const SUM_GROUPS: [MessageKey, SumColumn[]][] = [
  [
    'usage.group.voice',
    [
      ['voice_in_seconds', 'usage.col.in', 'usage.col.voiceIn', 'seconds', 92],
      ['voice_out_seconds', 'usage.col.out', 'usage.col.voiceOut', 'seconds', 92],
      ['billable_voice_seconds', 'usage.col.billable', 'usage.col.billableVoice', 'seconds', 104],
    ],
  ],
  [
    'usage.group.messages',
    [
      ['messages_received', 'usage.col.received', 'usage.col.messagesReceived', 'count', 100],
      ['messages_sent', 'usage.col.sent', 'usage.col.messagesSent', 'count', 90],
      ['billable_messages', 'usage.col.billable', 'usage.col.billableMessages', 'count', 104],
    ],
  ],
  [
    'usage.group.data',
    [
      ['data_bytes', 'usage.col.total', 'usage.col.data', 'bytes', 90],
      ['billable_data_bytes', 'usage.col.billable', 'usage.col.billableData', 'bytes', 104],
    ],
  ],
];

/** The columns of the usage sums that consumption_metrics and user_metrics share. */
function useSumColumns<T extends UsageSums>(): TableColumnsType<T> {
  const { t, locale } = useI18n();
  const format = { seconds: formatDuration, count: formatCount, bytes: formatBytes };
  return SUM_GROUPS.map(([group, columns]) => ({
    title: t(group),
    align: 'center' as const,
    children: columns.map(([field, short, full, kind, width]) => ({
      title: <span title={t(full)}>{t(short)}</span>,
      dataIndex: field,
      align: 'right' as const,
      width,
      render: (value: number) => format[kind](value, locale),
    })),
  }));
}

/** Reports > Consumption Metrics: usage per organization and day. */
export function ConsumptionMetricsPage() {
  const { t, locale } = useI18n();
  const sums = useSumColumns<ConsumptionRow>();
  const columns: TableColumnsType<ConsumptionRow> = [
    {
      title: t('usage.col.date'),
      dataIndex: 'date',
      width: 140,
      fixed: 'left',
      render: (date: string) => formatLocalDate(date, locale),
    },
    { title: t('usage.col.organization'), dataIndex: 'org_name', width: 140, ellipsis: true },
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
      // The columns' widths: sideways scrolling only on screens narrower than 1440 pixels.
      scrollX={1056}
      emptyText={t('usage.empty')}
    />
  );
}

/** Reports > User Metrics: usage per account over the range. */
export function UserMetricsPage() {
  const { t } = useI18n();
  const sums = useSumColumns<UserMetricsRow>();
  // The user with their login beneath, and the number with its organization beneath: two lines
  // a row, so that the usage columns fit beside them.
  const columns: TableColumnsType<UserMetricsRow> = [
    {
      title: t('usage.col.user'),
      key: 'name',
      width: 155,
      fixed: 'left',
      render: (_, row) => <UserCell row={row} />,
    },
    {
      title: t('usage.col.numberOrg'),
      key: 'number',
      width: 140,
      render: (_, row) => <NumberOrgCell row={row} />,
    },
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
      scrollX={1071}
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
      width: 160,
      render: (value: string) => formatDateTime(value, locale, me.admin.timezone),
    },
    {
      title: t('usage.col.user'),
      key: 'name',
      width: 140,
      ellipsis: true,
      render: (_, row) => `${row.first_name} ${row.last_name}`.trim(),
    },
    { title: t('usage.col.number'), dataIndex: 'multiline_number', width: 135, className: 'phone-number' },
    { title: t('usage.col.organization'), dataIndex: 'org_name', width: 130, ellipsis: true },
    {
      title: t('usage.col.type'),
      dataIndex: 'type',
      width: 95,
      render: (type: UsageType) => <Tag color={TYPE_COLOR[type]}>{t(`usage.type.${type}`)}</Tag>,
    },
    {
      title: t('usage.col.direction'),
      key: 'direction',
      width: 105,
      // Data goes down (in) or up (out); calls and messages come in or go out.
      render: (_, row) => t(row.type === 'data' ? `usage.direction.data.${row.direction}` : `usage.direction.${row.direction}`),
    },
    { title: t('usage.col.quantity'), key: 'quantity', align: 'right', width: 112, render: (_, row) => quantity(row) },
    {
      title: t('usage.col.billable'),
      dataIndex: 'billable',
      width: 104,
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
      scrollX={1060}
      emptyText={t('usage.empty')}
    />
  );
}
