import { Card, Col, Flex, Progress, Row, Statistic, Tooltip, Typography } from 'antd';
import type { Utilization } from '../api/types';
import type { ApiData } from '../common/useApiData';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatNumber, formatPercent } from '../common/format';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { UtilizationThreshold } from './UtilizationThreshold';

/** The detailed report of docs/product.md#numbers, in the order of the seed's dashboard. */
export const UTILIZATION_FIELDS: [Exclude<keyof Utilization, 'subtree' | 'org_id'>, MessageKey][] = [
  ['total', 'numbers.util.total'],
  ['activated', 'numbers.util.activated'],
  ['allocated_to_suborgs', 'numbers.util.allocated'],
  ['assigned', 'numbers.util.assigned'],
  ['available', 'numbers.util.available'],
  ['pending_invitation', 'numbers.util.pending'],
  ['reserved', 'numbers.util.reserved'],
  ['quarantined', 'numbers.util.quarantined'],
  ['in_use', 'numbers.util.inUse'],
];

/** Number utilization of the organization (its subtree), with the threshold and its edit. */
export function UtilizationSummary({ orgId, data }: { orgId: string; data: ApiData<Utilization> }) {
  const { t, locale } = useI18n();
  const u = data.data;
  const pct = u ? Math.round(u.utilization_pct * 10) / 10 : 0;
  return (
    <Card
      size="small"
      title={t('numbers.util.title')}
      style={{ marginBottom: 16 }}
      data-testid="utilization"
      loading={!u && !data.error}
    >
      <ErrorNotice error={data.error} onRetry={() => void data.reload()} />
      {u && (
        <Flex gap={24} wrap align="center">
          <Tooltip title={t('numbers.util.pctHelp')}>
            <Progress
              type="dashboard"
              percent={pct}
              size={110}
              status={pct >= u.threshold_pct ? 'exception' : 'normal'}
              format={() => formatPercent(pct, locale)}
            />
          </Tooltip>
          <Flex vertical gap={4} style={{ minWidth: 180 }}>
            <UtilizationThreshold orgId={orgId} pct={u.threshold_pct} onSaved={data.reload} />
            <Typography.Text type="secondary">{t('numbers.util.thresholdHelp')}</Typography.Text>
          </Flex>
          <Row gutter={[24, 8]} style={{ flex: 1, minWidth: 320 }}>
            {UTILIZATION_FIELDS.map(([field, label]) => (
              <Col key={field} xs={12} sm={8} xl={6} xxl={4}>
                <Statistic
                  title={t(label)}
                  value={u[field]}
                  formatter={() => formatNumber(Number(u[field]), locale)}
                  valueStyle={{ fontSize: 20 }}
                  data-testid={`util-${field}`}
                />
              </Col>
            ))}
          </Row>
        </Flex>
      )}
    </Card>
  );
}
