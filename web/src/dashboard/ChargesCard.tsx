import { useMemo } from 'react';
import { Link } from 'react-router';
import { Card, Flex, Skeleton, Typography } from 'antd';
import { charges } from '../api/endpoints';
import type { Charges } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { useApiData } from '../common/useApiData';
import type { ApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { ChargeTotals } from '../reports/ChargeTotals';

/** The privilege of GET /orgs/{id}/charges. */
const CHARGES_PRIVILEGE = 'setup.view.subscriptions';

/**
 * The current cycle's charges of `orgId`, read only for admins who may see them (no request
 * that would be refused); null for the others. Called by the page, so the read starts with the
 * dashboard's own rather than after it.
 */
export function useCurrentCharges(orgId: string | undefined): ApiData<Charges> | null {
  const { can } = useSession();
  const allowed = can(CHARGES_PRIVILEGE);
  const fetch = useMemo(() => (allowed && orgId ? () => charges.get(orgId, 'current') : null), [allowed, orgId]);
  const data = useApiData<Charges>(fetch);
  return allowed ? data : null;
}

/** "Charges this cycle": the current cycle's totals per currency and the way to the Charges report. */
export function ChargesCard({ charges: data }: { charges: ApiData<Charges> }) {
  const { t } = useI18n();
  const unpriced = data.data?.items.some((line) => line.plan_id === null) ?? false;
  return (
    <Card
      title={t('dashboard.charges')}
      extra={<Link to="/reports/charges">{t('dashboard.chargesReport')}</Link>}
      data-testid="dashboard-charges"
    >
      <ErrorNotice error={data.error} onRetry={() => void data.reload()} />
      {!data.data && !data.error && <Skeleton active paragraph={{ rows: 1 }} />}
      {data.data && (
        <Flex vertical gap={8}>
          <ChargeTotals totals={data.data.totals} empty={t('dashboard.chargesNone')} testId="dashboard-charges-total" />
          {unpriced && <Typography.Text type="secondary">{t('charges.unpricedNote')}</Typography.Text>}
        </Flex>
      )}
    </Card>
  );
}
