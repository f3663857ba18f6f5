import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Empty, Flex, Modal, Table, Typography, theme } from 'antd';
import type { Utilization } from '../api/types';
import { useSession } from '../auth/session';
import { EChart } from '../common/EChart';
import { formatNumber, formatPercent } from '../common/format';
import type { ChartOption } from '../common/EChart';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { UTILIZATION_FIELDS } from '../numbers/UtilizationSummary';
import { UtilizationThreshold } from '../numbers/UtilizationThreshold';

/** What each count of the detailed report means (the seed's "Detailed Report"). */
const FIELD_HELP: Partial<Record<keyof Utilization, MessageKey>> = {
  total: 'dashboard.util.help.total',
  activated: 'dashboard.util.help.activated',
  allocated_to_suborgs: 'dashboard.util.help.allocated',
  assigned: 'dashboard.util.help.assigned',
  available: 'dashboard.util.help.available',
  pending_invitation: 'dashboard.util.help.pending',
  reserved: 'dashboard.util.help.reserved',
  quarantined: 'dashboard.util.help.quarantined',
  in_use: 'dashboard.util.help.inUse',
};

/**
 * Number Utilization: In use against Available (and Quarantined, when any) as a pie; a click
 * anywhere on it opens the detailed report. The threshold and its edit sit beside it.
 */
export function UtilizationCard({
  orgId,
  u,
  onThresholdSaved,
}: {
  orgId: string;
  u: Utilization;
  onThresholdSaved: () => Promise<void>;
}) {
  const { t, locale } = useI18n();
  const { token } = theme.useToken();
  const { can } = useSession();
  const navigate = useNavigate();
  const [detailsOpen, setDetailsOpen] = useState(false);
  const pct = Math.round(u.utilization_pct * 10) / 10;

  const option = useMemo<ChartOption>(() => {
    const slices = [
      { name: t('numbers.util.inUse'), value: u.in_use, itemStyle: { color: token.colorPrimary } },
      { name: t('numbers.util.available'), value: u.available, itemStyle: { color: token.colorSuccess } },
      ...(u.quarantined > 0
        ? [{ name: t('numbers.util.quarantined'), value: u.quarantined, itemStyle: { color: token.colorWarning } }]
        : []),
    ];
    // No text on the canvas: labels beside a pie's slices collide when the slices are small or
    // close together, so the names and counts are the HTML legend below the pie.
    return {
      // ECharts' own {c} and {d} would write numbers the English way.
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const { name, value, percent } = p as { name: string; value: number; percent: number };
          return `${name}: ${formatNumber(value, locale)} (${formatPercent(percent, locale)})`;
        },
      },
      series: [
        {
          type: 'pie',
          radius: '80%',
          center: ['50%', '50%'],
          label: { show: false },
          labelLine: { show: false },
          data: slices,
        },
      ],
    };
  }, [t, u, token, locale]);
  const legend = [
    { key: 'in_use', label: t('numbers.util.inUse'), value: u.in_use, color: token.colorPrimary },
    { key: 'available', label: t('numbers.util.available'), value: u.available, color: token.colorSuccess },
    ...(u.quarantined > 0
      ? [{ key: 'quarantined', label: t('numbers.util.quarantined'), value: u.quarantined, color: token.colorWarning }]
      : []),
  ];

  return (
    <Card title={t('numbers.util.title')} data-testid="dashboard-utilization" style={{ height: '100%' }}>
      <Flex vertical gap={8}>
        <Typography.Text strong data-testid="utilization-pct">
          {t('dashboard.util.pct', { pct: formatPercent(pct, locale) })}
        </Typography.Text>
        {u.total > 0 ? (
          <>
            <EChart
              option={option}
              height={220}
              label={t('dashboard.util.chartLabel', { inUse: u.in_use, available: u.available })}
              onClick={() => setDetailsOpen(true)}
              data-testid="utilization-pie"
            />
            <Flex wrap gap={16} justify="center" data-testid="utilization-legend">
              {legend.map((item) => (
                <Flex key={item.key} align="center" gap={6} data-testid={`utilization-legend-${item.key}`}>
                  <span
                    aria-hidden
                    style={{ width: 10, height: 10, borderRadius: '50%', background: item.color, display: 'inline-block' }}
                  />
                  <Typography.Text>{item.label}</Typography.Text>
                  <Typography.Text strong>{formatNumber(item.value, locale)}</Typography.Text>
                </Flex>
              ))}
            </Flex>
          </>
        ) : (
          <Empty description={t('dashboard.util.noNumbers')} />
        )}
        {u.allocated_to_suborgs > 0 && (
          <Typography.Text type="secondary" data-testid="utilization-subtree">
            {t('dashboard.util.subtree', {
              total: u.subtree.total,
              available: u.subtree.available,
              own: u.total - u.allocated_to_suborgs,
            })}
          </Typography.Text>
        )}
        <Flex justify="space-between" align="center" wrap gap={8}>
          <UtilizationThreshold orgId={orgId} pct={u.threshold_pct} onSaved={onThresholdSaved} />
          <Button type="link" onClick={() => setDetailsOpen(true)} style={{ paddingInline: 0 }}>
            {t('dashboard.util.openDetails')}
          </Button>
        </Flex>
        <Typography.Text type="secondary">{t('numbers.util.thresholdHelp')}</Typography.Text>
      </Flex>
      <Modal
        open={detailsOpen}
        title={t('dashboard.util.details')}
        width={720}
        onCancel={() => setDetailsOpen(false)}
        footer={
          <Flex justify="space-between">
            {can('setup.view.number_management') ? (
              <Button onClick={() => void navigate('/setup/number-management')}>{t('dashboard.util.openNumberManagement')}</Button>
            ) : (
              <span />
            )}
            <Button type="primary" onClick={() => setDetailsOpen(false)}>
              {t('common.close')}
            </Button>
          </Flex>
        }
      >
        <Typography.Title level={5}>{t('dashboard.util.detailedReport')}</Typography.Title>
        <Table
          size="small"
          pagination={false}
          rowKey="field"
          data-testid="utilization-details"
          dataSource={UTILIZATION_FIELDS.map(([field, label]) => ({
            field,
            label,
            value: u[field],
            subtree: field in u.subtree ? u.subtree[field as keyof Utilization['subtree']] : null,
          }))}
          columns={[
            { title: t('dashboard.util.metric'), dataIndex: 'label', width: 200, render: (label: MessageKey) => t(label) },
            {
              title: t('dashboard.util.numbers'),
              dataIndex: 'value',
              align: 'right',
              width: 110,
              render: (value: number) => formatNumber(value, locale),
            },
            {
              title: t('dashboard.util.withSubOrgs'),
              dataIndex: 'subtree',
              align: 'right',
              width: 130,
              render: (value: number | null) => (value === null ? null : formatNumber(value, locale)),
            },
            {
              title: t('dashboard.util.meaning'),
              dataIndex: 'field',
              render: (field: keyof Utilization) => {
                const help = FIELD_HELP[field];
                return help ? <Typography.Text type="secondary">{t(help)}</Typography.Text> : null;
              },
            },
          ]}
        />
      </Modal>
    </Card>
  );
}
