import { useCallback, useRef, useState } from 'react';
import { Card, Col, Flex, Row, Select, Spin, Statistic, Typography } from 'antd';
import type { BillableUsage, Dashboard, UsageType } from '../api/types';
import { ErrorNotice } from '../common/ErrorNotice';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { formatBytes, formatCount, formatDuration, formatLocalDate } from '../common/usageFormat';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { ChargesCard, useCurrentCharges } from './ChargesCard';
import { readDashboard } from './preload';
import { UsageChart } from './UsageChart';
import { UtilizationCard } from './UtilizationCard';

const USAGE_TYPES: UsageType[] = ['voice', 'message', 'data'];

// The values come formatted for the reader's locale: Statistic must not group them again.
const shownAsIs = (value: string | number) => value;

function Tile({ title, value, testId }: { title: string; value: string; testId: string }) {
  return (
    <Card size="small" style={{ height: '100%' }}>
      <Statistic title={title} value={value} formatter={shownAsIs} valueStyle={{ fontSize: 22 }} data-testid={testId} />
    </Card>
  );
}

/** Voice, messages and data of one period, for the Past Cycle and All Time cards. */
function Totals({ billable, prefix }: { billable: BillableUsage; prefix: string }) {
  const { t, locale } = useI18n();
  const values: [string, MessageKey, string][] = [
    ['voice', 'dashboard.voice', formatDuration(billable.voice_seconds, locale)],
    ['message', 'dashboard.messages', formatCount(billable.messages, locale)],
    ['data', 'dashboard.data', formatBytes(billable.data_bytes, locale)],
  ];
  return (
    <Row gutter={[16, 16]}>
      {values.map(([key, title, value]) => (
        <Col key={key} xs={24} sm={8} style={{ whiteSpace: 'nowrap' }}>
          <Statistic
            title={t(title)}
            value={value}
            formatter={shownAsIs}
            valueStyle={{ fontSize: 22 }}
            data-testid={`${prefix}-${key}`}
          />
        </Col>
      ))}
    </Row>
  );
}

/**
 * The Dashboard (the portal's home for admins with the `dashboard` privilege): the current
 * cycle's users and billable usage with a per-day chart of the chosen type, the past cycle,
 * all time, the current cycle's charges (for admins who may see them) and number utilization,
 * for the current organization and its subtree.
 */
export function DashboardPage() {
  const { t, locale } = useI18n();
  const { org } = useCurrentOrg();
  const [type, setType] = useState<UsageType>('voice');
  const orgId = org?.id;
  const fetchDashboard = useCallback(() => readDashboard(orgId ?? '', type), [orgId, type]);
  const data = useApiData<Dashboard>(orgId ? fetchDashboard : null);
  const charges = useCurrentCharges(orgId);

  // While another type's series is read, the cards keep showing (they do not depend on it).
  const shown = useRef<{ orgId: string; data: Dashboard } | null>(null);
  if (data.data && orgId) shown.current = { orgId, data: data.data };
  const d = data.data ?? (shown.current?.orgId === orgId ? shown.current?.data : null);

  if (!org) return null;
  const current = d?.current_cycle;
  const cycle = (from: string, to: string) =>
    t('dashboard.cycleDates', { from: formatLocalDate(from, locale), to: formatLocalDate(to, locale) });
  const tiles: [string, MessageKey, string][] = current
    ? [
        ['new-users', 'dashboard.newUsers', formatCount(current.new_users, locale)],
        ['active-users', 'dashboard.activeUsers', formatCount(current.active_users, locale)],
        ['billable-voice', 'dashboard.billableVoice', formatDuration(current.billable.voice_seconds, locale)],
        ['billable-message', 'dashboard.billableMessage', formatCount(current.billable.messages, locale)],
        ['billable-data', 'dashboard.billableData', formatBytes(current.billable.data_bytes, locale)],
      ]
    : [];

  return (
    <div data-testid="dashboard">
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.intro', { name: org.name })} />
      <ErrorNotice error={data.error} onRetry={() => void data.reload()} />
      {!d && !data.error && <Spin size="large" style={{ display: 'block', margin: '10vh auto' }} />}
      {d && current && (
        <Flex vertical gap={16}>
          <Card
            title={t('dashboard.currentCycle')}
            extra={
              <Typography.Text type="secondary" data-testid="current-cycle-dates">
                {cycle(current.from, current.to)} ({d.timezone})
              </Typography.Text>
            }
            data-testid="current-cycle"
          >
            <Row gutter={[16, 16]} style={{ marginBottom: 24 }}>
              {tiles.map(([testId, title, value]) => (
                <Col key={testId} flex="1 1 180px">
                  <Tile title={t(title)} value={value} testId={testId} />
                </Col>
              ))}
            </Row>
            <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 8 }}>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="usage-chart-heading">
                {t(`dashboard.chart.${type}`)}
              </Typography.Title>
              <Select<UsageType>
                value={type}
                onChange={setType}
                aria-label={t('dashboard.usageType')}
                style={{ width: 160 }}
                options={USAGE_TYPES.map((value) => ({ value, label: t(`usage.type.${value}`) }))}
                data-testid="usage-type"
              />
            </Flex>
            <Spin spinning={data.loading}>
              <UsageChart
                type={type}
                series={data.data?.current_cycle.series ?? []}
                locale={locale}
                label={t(`dashboard.chart.${type}`)}
              />
            </Spin>
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Flex vertical gap={16} style={{ height: '100%' }}>
                <Card
                  title={t('dashboard.pastCycle')}
                  extra={<Typography.Text type="secondary">{cycle(d.past_cycle.from, d.past_cycle.to)}</Typography.Text>}
                  data-testid="past-cycle"
                >
                  <Totals billable={d.past_cycle.billable} prefix="past" />
                </Card>
                <Card title={t('dashboard.allTime')} data-testid="all-time">
                  <Totals billable={d.all_time.billable} prefix="all-time" />
                </Card>
                {charges && <ChargesCard charges={charges} />}
              </Flex>
            </Col>
            <Col xs={24} xl={12}>
              <UtilizationCard orgId={org.id} u={d.number_utilization} onThresholdSaved={data.reload} />
            </Col>
          </Row>
        </Flex>
      )}
    </div>
  );
}
