import { Button, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, EyeOutlined } from '@ant-design/icons';
import { PLAN_LIMITS, PLAN_PRICES } from '../api/types';
import type { Org, PlanPrice, UsablePlan } from '../api/types';
import { useMe } from '../auth/session';
import { formatPrice } from '../common/format';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import type { PlanTarget } from './PlanDrawer';
import { LIMIT_LABELS, limitText } from './planText';

/** "$0.0125/min": a price with its unit, short enough for a table cell. */
const PRICE_PER: Record<PlanPrice, MessageKey> = {
  voice_per_minute: 'subscriptions.perMinuteShort',
  per_message: 'subscriptions.perMessageShort',
  data_per_mb: 'subscriptions.perMbShort',
  monthly_per_active_user: 'subscriptions.perUserShort',
};

/**
 * The plans usable at `org`. A plan above the admin's own organization's plan is greyed out and
 * says why; plans defined outside the admin's scope can be looked at, not changed.
 */
export function PlanTable({
  org,
  plans,
  loading,
  canEdit,
  onOpen,
  onDelete,
}: {
  org: Org;
  plans: UsablePlan[];
  loading: boolean;
  canEdit: boolean;
  onOpen: (target: PlanTarget) => void;
  onDelete: (plan: UsablePlan) => Promise<void>;
}) {
  const { t, locale } = useI18n();
  const me = useMe();
  // The organizations from the admin's home down to this one: the plans defined there are theirs to change.
  const inScope = new Set((org.path?.length ? org.path : [org]).map((o) => o.id));
  const editable = (plan: UsablePlan) => canEdit && inScope.has(plan.org_id);

  const columns: TableColumnsType<UsablePlan> = [
    {
      title: t('subscriptions.name'),
      key: 'name',
      width: 180,
      render: (_, plan) => (
        <Flex vertical gap={4} align="flex-start">
          <Space wrap size={4}>
            <Typography.Text strong>{plan.name}</Typography.Text>
            {plan.inherited && <Tag>{t('roles.inherited')}</Tag>}
            {!plan.selectable && (
              <Tooltip title={t('subscriptions.aboveOwnNote', { name: me.org.name })}>
                <Tag color="default" data-testid="plan-above-own">
                  {t('subscriptions.aboveOwn')}
                </Tag>
              </Tooltip>
            )}
          </Space>
          {plan.inherited && (
            <Typography.Text type="secondary">{t('subscriptions.definedOn', { org: plan.org_name })}</Typography.Text>
          )}
          {plan.in_use > 0 && <Typography.Text type="secondary">{t('subscriptions.inUse', { count: plan.in_use })}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t('permissions.features'),
      key: 'features',
      render: (_, plan) => (
        <Flex wrap gap={4}>
          {plan.features.map((f) => (
            <Tag key={f}>{t(`features.${f}`)}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('subscriptions.limits'),
      key: 'limits',
      width: 240,
      render: (_, plan) =>
        PLAN_LIMITS.map((limit) => (
          <div key={limit}>
            {t(LIMIT_LABELS[limit])}: {limitText(plan.limits[limit], t, locale)}
          </div>
        )),
    },
    {
      title: t('subscriptions.prices'),
      key: 'prices',
      width: 230,
      render: (_, plan) =>
        PLAN_PRICES.map((price) => (
          <div key={price}>{t(PRICE_PER[price], { price: formatPrice(plan.charging[price], plan.charging.currency, locale) })}</div>
        )),
    },
    {
      title: t('subscriptions.actions'),
      key: 'actions',
      width: 104,
      render: (_, plan) => <PlanActions plan={plan} editable={editable(plan)} onOpen={onOpen} onDelete={onDelete} />,
    },
  ];

  return (
    <Table<UsablePlan>
      rowKey="id"
      data-testid="plans-table"
      columns={columns}
      dataSource={plans}
      loading={loading}
      pagination={false}
      tableLayout="fixed"
      scroll={{ x: 900 }}
      locale={{ emptyText: t('subscriptions.empty') }}
      // Greyed out, as the help center says: plans above the admin's own cannot be chosen. Not
      // aria-disabled: the row's View button stays usable.
      onRow={(plan) => (plan.selectable ? {} : { className: 'plan-above-own', style: { opacity: 0.55 } })}
    />
  );
}

/** Edit and Delete for a plan the admin may change; View for any other. */
function PlanActions({
  plan,
  editable,
  onOpen,
  onDelete,
}: {
  plan: UsablePlan;
  editable: boolean;
  onOpen: (target: PlanTarget) => void;
  onDelete: (plan: UsablePlan) => Promise<void>;
}) {
  const { t } = useI18n();
  if (!editable) {
    return (
      <Tooltip title={t('subscriptions.view')}>
        <Button
          type="text"
          icon={<EyeOutlined />}
          aria-label={`${t('subscriptions.view')} ${plan.name}`}
          onClick={() => onOpen({ kind: 'view', plan })}
        />
      </Tooltip>
    );
  }
  const deleteLabel = `${t('common.delete')} ${plan.name}`;
  return (
    <Space size={0}>
      <Tooltip title={t('common.edit')}>
        <Button
          type="text"
          icon={<EditOutlined />}
          aria-label={`${t('common.edit')} ${plan.name}`}
          onClick={() => onOpen({ kind: 'edit', plan })}
        />
      </Tooltip>
      {plan.in_use > 0 ? (
        <Tooltip title={t('subscriptions.inUseNoDelete', { count: plan.in_use })}>
          {/* A disabled button swallows the pointer: the tooltip listens on a wrapper. */}
          <span data-testid="plan-delete-disabled">
            <Button type="text" danger disabled icon={<DeleteOutlined />} aria-label={deleteLabel} />
          </span>
        </Tooltip>
      ) : (
        <Popconfirm
          title={t('subscriptions.deleteConfirm', { name: plan.name })}
          okText={t('common.yes')}
          cancelText={t('common.no')}
          // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
          onConfirm={() => onDelete(plan)}
        >
          <Button type="text" danger icon={<DeleteOutlined />} aria-label={deleteLabel} />
        </Popconfirm>
      )}
    </Space>
  );
}
