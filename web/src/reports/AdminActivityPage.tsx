import { useState } from 'react';
import { Select, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ActivityRow, ActivityType } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime } from '../common/format';
import { useI18n } from '../i18n';
import type { MessageKey, Translate } from '../i18n';
import { ReportPage } from './ReportPage';

const ACTIVITY_TYPES: ActivityType[] = ['portal_access', 'view', 'write', 'download'];
const TYPE_COLOR: Record<ActivityType, string> = { portal_access: 'purple', view: 'default', write: 'blue', download: 'cyan' };

/** The reports a report.view or report.download names, by the title the menu gives them. */
const REPORT_TITLES: Record<string, MessageKey> = {
  admin_activity: 'activity.title',
  administrators: 'adminReport.title',
  consumption_metrics: 'usage.consumption.title',
  user_metrics: 'usage.users.title',
  activities: 'usage.activities.title',
  call_recording: 'compliance.callRecording.title',
  message_logging: 'compliance.messageLogging.title',
  sms_opt_in: 'compliance.smsOptIn.title',
};

/** A message of the given key, or null when the portal has none (a code newer than it). */
function known(t: Translate, key: string): string | null {
  const text = t(key as MessageKey);
  return text === key ? null : text;
}

/** What an event is called in the reader's language; an event the portal does not know by its code. */
const eventName = (t: Translate, action: string) => known(t, `activity.event.${action}`) ?? action;

/**
 * The target as people know it: its name (as the server gives it now), a report's title, or else
 * the kind of thing it is; the code and id stay in a tooltip.
 */
function targetLabel(t: Translate, row: ActivityRow): string {
  if (!row.target_type) return '';
  if (row.target_name) return row.target_name;
  if (row.target_type === 'report' && row.target_id && REPORT_TITLES[row.target_id]) return t(REPORT_TITLES[row.target_id]);
  return known(t, `activity.targetType.${row.target_type}`) ?? row.target_type;
}

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
      width: 150,
      render: (value: string) => formatDateTime(value, locale, timeZone),
    },
    { title: t('activity.admin'), dataIndex: 'actor_email', ellipsis: true },
    { title: t('activity.clientIp'), dataIndex: 'client_ip', width: 115 },
    { title: t('activity.organization'), dataIndex: 'org_name', width: 130, ellipsis: true },
    {
      title: t('activity.type'),
      dataIndex: 'activity_type',
      width: 135,
      render: (type: ActivityType) => (
        <span className="table-tag">
          <Tag color={TYPE_COLOR[type]}>{ACTIVITY_TYPES.includes(type) ? t(`activity.types.${type}`) : type}</Tag>
        </span>
      ),
    },
    {
      title: t('activity.action'),
      dataIndex: 'action',
      width: 200,
      render: (action: string) => (
        <Tooltip title={action}>
          <span data-testid="activity-event">{eventName(t, action)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('activity.target'),
      key: 'target',
      width: 160,
      ellipsis: { showTitle: false },
      render: (_, row) =>
        row.target_type ? (
          <Tooltip title={`${row.target_type} ${row.target_id ?? ''}`.trim()}>
            <span data-testid="activity-target">{targetLabel(t, row)}</span>
          </Tooltip>
        ) : null,
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
      // The columns' widths: sideways scrolling only on screens narrower than 1440 pixels.
      scrollX={1060}
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
