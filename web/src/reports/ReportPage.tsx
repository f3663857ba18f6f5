import { useCallback, useId, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, Button, Card, DatePicker, Flex, Select, Switch } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { DomainError } from '../api/client';
import { reports } from '../api/endpoints';
import type { DateRangeName, Org, ReportName, ReportQuery } from '../api/types';
import { useSession } from '../auth/session';
import { DATE_RANGES } from '../common/dateRanges';
import { PagedTable } from '../common/PagedTable';
import { PageHeader } from '../common/PageHeader';
import { useCursorList } from '../common/useCursorList';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';

const PAGE_SIZE = 50;

/** The <subject> of each report's reports.view.<subject> and reports.download.<subject>. */
export const REPORT_PRIVILEGE_SUBJECT: Record<ReportName, string> = {
  consumption_metrics: 'consumption_metrics',
  user_metrics: 'user_metrics',
  activities: 'activities',
  admin_activity: 'admin_activity',
  // Seed 002 keeps the administrators' status with their activity.
  administrators: 'admin_activity',
  call_recording: 'call_recording',
  message_logging: 'message_logging',
  sms_opt_in: 'sms_opt_in',
};

interface Props<T> {
  report: ReportName;
  title: string;
  subtitle: (org: Org) => ReactNode;
  columns: TableColumnsType<T>;
  rowKey: TableProps<T>['rowKey'];
  /** Prefix of the test ids: `<testId>-table`, `-csv`, `-range`, `-custom-range`. */
  testId: string;
  emptyText: string;
  defaultRange?: DateRangeName;
  /** False for a report of how things are now, without a date range (the administrators report). */
  dated?: boolean;
  /**
   * Further filters shown after the range and their query parameters; as a function, given the
   * error of the latest read, so that a filter can show it is the one the server refused.
   */
  filters?: ReactNode | ((error: DomainError | null) => ReactNode);
  /** What to call the filters' query parameters when the server refuses one. */
  filterLabels?: Record<string, string>;
  filterQuery?: Partial<ReportQuery>;
  scrollX?: number;
  expandable?: TableProps<T>['expandable'];
}

/**
 * The frame every report shares: the date range (presets the server resolves in the
 * organization's time zone, or custom dates; none for a snapshot), "include sub-organizations",
 * the rows a page at a time, and Download CSV for those allowed to download this report.
 */
export function ReportPage<T extends object>({
  report,
  title,
  subtitle,
  columns,
  rowKey,
  testId,
  emptyText,
  defaultRange = 'current_cycle',
  dated = true,
  filters,
  filterLabels,
  filterQuery,
  scrollX,
  expandable,
}: Props<T>) {
  const { t } = useI18n();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const switchId = useId();
  const [range, setRange] = useState<DateRangeName>(defaultRange);
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null);
  const [includeSuborgs, setIncludeSuborgs] = useState(true);
  const orgId = org?.id;

  const query: ReportQuery | null = !dated
    ? { include_suborgs: includeSuborgs, ...filterQuery }
    : range !== 'custom'
      ? { range, include_suborgs: includeSuborgs, ...filterQuery }
      : custom
        ? { range, ...custom, include_suborgs: includeSuborgs, ...filterQuery }
        : null;
  // The fetch changes only when the query's value does, not with each render's new object.
  const queryKey = query ? JSON.stringify(query) : null;
  const fetchPage = useCallback(
    (cursor: string | null) => reports.page<T>(orgId ?? '', report, JSON.parse(queryKey ?? '{}') as ReportQuery, cursor, PAGE_SIZE),
    [orgId, report, queryKey],
  );
  // A role may download a report without viewing it (the compliance reports' pages open with
  // either privilege): then the page offers the download and reads no rows.
  const mayView = can(`reports.view.${REPORT_PRIVILEGE_SUBJECT[report]}`);
  const list = useCursorList<T>(orgId && queryKey && mayView ? fetchPage : null);

  if (!org) return null;

  return (
    <Card>
      <PageHeader
        title={title}
        subtitle={subtitle(org)}
        actions={
          can(`reports.download.${REPORT_PRIVILEGE_SUBJECT[report]}`) &&
          query && (
            <Button icon={<DownloadOutlined />} href={reports.csvUrl(org.id, report, query)} download data-testid={`${testId}-csv`}>
              {t('reports.downloadCsv')}
            </Button>
          )
        }
      />
      <Flex gap={12} align="center" wrap style={{ marginBottom: 16 }}>
        {dated && (
          <Select<DateRangeName>
            value={range}
            onChange={setRange}
            aria-label={t('reports.range')}
            style={{ width: 200 }}
            options={DATE_RANGES.map((r) => ({ value: r, label: t(`dates.${r}`) }))}
            data-testid={`${testId}-range`}
          />
        )}
        {dated && range === 'custom' && (
          <DatePicker.RangePicker
            allowClear={false}
            onChange={(_, [from, to]) => setCustom(from && to ? { from, to } : null)}
            data-testid={`${testId}-custom-range`}
          />
        )}
        {typeof filters === 'function' ? filters(list.error) : filters}
        <Flex gap={8} align="center">
          <Switch id={switchId} checked={includeSuborgs} onChange={setIncludeSuborgs} />
          <label htmlFor={switchId}>{t('common.includeSuborgs')}</label>
        </Flex>
      </Flex>
      {dated && range === 'custom' && !custom && (
        <Alert type="info" showIcon message={t('reports.pickRange')} style={{ marginBottom: 16 }} />
      )}
      {mayView ? (
        <PagedTable<T>
          list={list}
          errorLabels={filterLabels}
          rowKey={rowKey}
          size="middle"
          data-testid={`${testId}-table`}
          columns={columns}
          scroll={scrollX ? { x: scrollX } : undefined}
          locale={{ emptyText }}
          expandable={expandable}
        />
      ) : (
        <Alert type="info" showIcon message={t('reports.downloadOnly')} data-testid={`${testId}-download-only`} />
      )}
    </Card>
  );
}
