import { Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ChargeLine } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime, formatMoney } from '../common/format';
import { formatCount } from '../common/usageFormat';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { coversCycle, nowEnd } from './chargeCycle';
import type { ChargesRead } from './chargeCycle';

type Quantity = 'voice_minutes' | 'messages' | 'data_mb' | 'active_users';
type Money =
  | 'voice_per_minute'
  | 'voice_amount'
  | 'per_message'
  | 'messages_amount'
  | 'data_per_mb'
  | 'data_amount'
  | 'monthly_per_active_user'
  | 'active_users_amount';

/** Each charged item: its group title, its quantity, unit price and amount with their titles. */
const GROUPS: [MessageKey, [Quantity, MessageKey], [Money, MessageKey], Money][] = [
  ['usage.group.voice', ['voice_minutes', 'charges.col.minutes'], ['voice_per_minute', 'charges.col.perMinute'], 'voice_amount'],
  ['usage.group.messages', ['messages', 'charges.col.messages'], ['per_message', 'charges.col.perMessage'], 'messages_amount'],
  ['usage.group.data', ['data_mb', 'charges.col.mb'], ['data_per_mb', 'charges.col.perMb'], 'data_amount'],
  [
    'charges.group.activeUsers',
    ['active_users', 'charges.col.users'],
    ['monthly_per_active_user', 'charges.col.perUser'],
    'active_users_amount',
  ],
];

const QUANTITY_WIDTH = 110;
const MONEY_WIDTH = 110;
const [ORG_WIDTH, PLAN_WIDTH, TOTAL_WIDTH] = [150, 190, 120];
// Sideways scrolling on narrower screens, the organization and the total staying in place.
const TABLE_WIDTH = ORG_WIDTH + PLAN_WIDTH + GROUPS.length * (QUANTITY_WIDTH + 2 * MONEY_WIDTH) + TOTAL_WIDTH;

/** Money of a line as the server wrote it, with its currency; a dash on an unpriced line. */
function MoneyCell({ value, line, field }: { value: string | null; line: ChargeLine; field: Money | 'amount' }) {
  if (value === null || line.currency === null) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  return <span data-testid={`charge-${field}`}>{formatMoney(value, line.currency)}</span>;
}

/** How a line's stretch shows: not at all (the whole cycle), from–to, or since (to now, in the current cycle). */
type Stretch = 'whole' | 'part' | 'ongoing';

/** The plan and price version of a line ("No plan" when none was in force) and, when partial, its stretch of the cycle. */
function PlanCell({ line, stretch }: { line: ChargeLine; stretch: Stretch }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const when = (iso: string) => formatDateTime(iso, locale, me.admin.timezone);
  return (
    <>
      {line.plan_id === null ? (
        <Tooltip title={t('charges.noPlanHelp')}>
          <span className="table-tag" data-testid="charge-no-plan">
            <Tag color="orange">{t('charges.noPlan')}</Tag>
          </span>
        </Tooltip>
      ) : (
        <div data-testid="charge-plan">
          {line.plan_name}{' '}
          <Typography.Text type="secondary">{t('charges.version', { version: line.price_version ?? '—' })}</Typography.Text>
        </div>
      )}
      {stretch !== 'whole' && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="charge-stretch">
          {stretch === 'ongoing'
            ? t('charges.since', { from: when(line.from) })
            : t('charges.stretch', { from: when(line.from), to: when(line.to) })}
        </Typography.Text>
      )}
    </>
  );
}

/** The lines of a cycle: per organization and price in force, quantities, unit prices and amounts. */
export function ChargesTable({ read, loading, empty }: { read: ChargesRead | null; loading: boolean; empty: string }) {
  const { t, locale } = useI18n();
  const charges = read?.charges ?? null;
  const now = read ? nowEnd(read) : null;
  const stretchOf = (line: ChargeLine): Stretch =>
    !charges || coversCycle(line, charges, now) ? 'whole' : now !== null && line.to === now ? 'ongoing' : 'part';
  const columns: TableColumnsType<ChargeLine> = [
    { title: t('charges.col.organization'), dataIndex: 'org_name', width: ORG_WIDTH, fixed: 'left', ellipsis: true },
    {
      title: t('charges.col.plan'),
      key: 'plan',
      width: PLAN_WIDTH,
      render: (_, line) => <PlanCell line={line} stretch={stretchOf(line)} />,
    },
    ...GROUPS.map(([group, [quantity, quantityTitle], [price, priceTitle], amount]) => ({
      title: t(group),
      align: 'center' as const,
      children: [
        {
          title: t(quantityTitle),
          dataIndex: quantity,
          align: 'right' as const,
          width: QUANTITY_WIDTH,
          render: (value: number) => <span data-testid={`charge-${quantity}`}>{formatCount(value, locale)}</span>,
        },
        {
          title: t(priceTitle),
          dataIndex: price,
          align: 'right' as const,
          width: MONEY_WIDTH,
          render: (value: string | null, line: ChargeLine) => <MoneyCell value={value} line={line} field={price} />,
        },
        {
          title: t('charges.col.amount'),
          dataIndex: amount,
          align: 'right' as const,
          width: MONEY_WIDTH,
          render: (value: string | null, line: ChargeLine) => <MoneyCell value={value} line={line} field={amount} />,
        },
      ],
    })),
    {
      title: t('charges.col.total'),
      dataIndex: 'amount',
      align: 'right',
      width: TOTAL_WIDTH,
      fixed: 'right',
      render: (value: string | null, line) => (
        <Typography.Text strong>
          <MoneyCell value={value} line={line} field="amount" />
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table<ChargeLine>
      rowKey={(line) => `${line.org_id}/${line.plan_id ?? ''}/${line.price_version ?? ''}/${line.from}`}
      size="middle"
      data-testid="charges-table"
      columns={columns}
      dataSource={charges?.items ?? []}
      loading={loading}
      pagination={false}
      scroll={{ x: TABLE_WIDTH }}
      locale={{ emptyText: empty }}
    />
  );
}
