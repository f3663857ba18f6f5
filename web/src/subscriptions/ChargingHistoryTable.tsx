import { Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PLAN_PRICES } from '../api/types';
import type { ChargingVersion } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime, formatPrice } from '../common/format';
import { useI18n } from '../i18n';
import { PRICE_LABELS } from './planText';

/** Every version of a plan's prices, newest first: usage is charged by the version in force when it happened. */
export function ChargingHistoryTable({ history }: { history: ChargingVersion[] }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const when = (iso: string) => formatDateTime(iso, locale, me.admin.timezone);
  const columns: TableColumnsType<ChargingVersion> = [
    { title: t('subscriptions.version'), dataIndex: 'version', width: 80 },
    { title: t('subscriptions.effectiveFrom'), dataIndex: 'effective_from', render: when },
    {
      title: t('subscriptions.effectiveUntil'),
      dataIndex: 'effective_until',
      render: (until: string | null) => (until ? when(until) : <Tag color="green">{t('subscriptions.current')}</Tag>),
    },
    ...PLAN_PRICES.map((price) => ({
      title: t(PRICE_LABELS[price]),
      key: price,
      align: 'right' as const,
      render: (_: unknown, version: ChargingVersion) => formatPrice(version[price], version.currency, locale),
    })),
  ];
  return (
    <Table<ChargingVersion>
      rowKey="version"
      size="small"
      data-testid="charging-history"
      columns={columns}
      dataSource={history}
      pagination={false}
      scroll={{ x: 760 }}
    />
  );
}
