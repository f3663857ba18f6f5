import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { charges as chargesApi } from '../api/endpoints';
import type { Charges } from '../api/types';
import { useMe } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { formatLocalDate } from '../common/usageFormat';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { cycleOf, monthNow } from './chargeCycle';
import type { ChargesRead, CycleChoice } from './chargeCycle';
import { ChargesTable } from './ChargesTable';
import { ChargeTotals } from './ChargeTotals';
import { CyclePicker } from './CyclePicker';

/** The month, its days and the time zone whose calendar makes them a cycle. */
function CycleDates({ charges }: { charges: Charges }) {
  const { t, locale } = useI18n();
  return (
    <Typography.Text type="secondary" data-testid="charges-period">
      {t(charges.current ? 'charges.periodCurrent' : 'charges.period', {
        month: formatLocalDate(`${charges.cycle}-01`, locale, { year: 'numeric', month: 'long' }),
        from: formatLocalDate(charges.from, locale),
        to: formatLocalDate(charges.to, locale),
        timezone: charges.timezone,
      })}
    </Typography.Text>
  );
}

/**
 * Reports > Charges: what the current organization and each organization below it are charged
 * for a cycle, per plan and price version in force, with the totals per currency and the same
 * lines as a CSV download. Needs setup.view.subscriptions.
 */
export function ChargesPage() {
  const { t } = useI18n();
  const me = useMe();
  const { org } = useCurrentOrg();
  const [choice, setChoice] = useState<CycleChoice>({ kind: 'current', month: null });
  const cycle = cycleOf(choice);
  const orgId = org?.id;
  // Nothing is asked for until there is a cycle to ask for: exactly the one picked.
  const fetchCharges = useMemo(
    () => (orgId && cycle ? async () => ({ charges: await chargesApi.get(orgId, cycle) }) : null),
    [orgId, cycle],
  );
  const data = useApiData<ChargesRead>(fetchCharges);
  // The answers say the organization's time zone, whose month is the latest one to offer; until
  // one comes, the organization's own zone or the admin's.
  const zone = useRef<{ orgId: string; timeZone: string } | null>(null);
  if (data.data) zone.current = { orgId: data.data.charges.org_id, timeZone: data.data.charges.timezone };
  const knownZone = zone.current && zone.current.orgId === orgId ? zone.current.timeZone : null;

  if (!org) return null;
  const read = cycle ? data.data : null;
  const shown = read?.charges ?? null;
  const unpriced = shown?.items.some((line) => line.plan_id === null) ?? false;

  return (
    <Card>
      <PageHeader
        title={t('charges.title')}
        subtitle={t('charges.intro', { name: org.name })}
        actions={
          cycle && (
            <Button icon={<DownloadOutlined />} href={chargesApi.csvUrl(org.id, cycle)} download data-testid="charges-csv">
              {t('reports.downloadCsv')}
            </Button>
          )
        }
      />
      <Flex gap={16} align="center" wrap style={{ marginBottom: 16 }}>
        <CyclePicker value={choice} onChange={setChoice} latestMonth={monthNow(knownZone ?? org.timezone ?? me.admin.timezone)} />
        {shown && <CycleDates charges={shown} />}
      </Flex>
      {!cycle && <Alert type="info" showIcon message={t('charges.pickMonthHelp')} style={{ marginBottom: 16 }} />}
      <ErrorNotice error={data.error} onRetry={() => void data.reload()} />
      {shown && (
        <Card size="small" title={t('charges.totals')} style={{ marginBottom: 16 }}>
          <Flex vertical gap={8}>
            <ChargeTotals totals={shown.totals} empty={t('charges.noTotals')} testId="charges-totals" />
            {shown.current && <Typography.Text type="secondary">{t('charges.currentNote')}</Typography.Text>}
            {unpriced && <Typography.Text type="secondary">{t('charges.unpricedNote')}</Typography.Text>}
          </Flex>
        </Card>
      )}
      {cycle && <ChargesTable read={read} loading={data.loading} empty={t('charges.empty')} />}
    </Card>
  );
}
