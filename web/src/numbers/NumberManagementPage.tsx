import { useCallback, useState } from 'react';
import { App, Card, Tabs } from 'antd';
import { numbers } from '../api/endpoints';
import type { NumberMove } from '../api/types';
import { useSession } from '../auth/session';
import { PageHeader } from '../common/PageHeader';
import { ResultsModal } from '../common/ResultsModal';
import type { ResultsReport } from '../common/ResultsModal';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { MoveNumbersModal } from './MoveNumbersModal';
import type { MoveNumbersTarget } from './MoveNumbersModal';
import { moveReport } from './numberLabels';
import { PoolTab } from './PoolTab';
import { SubOrgNumbersTab } from './SubOrgNumbersTab';
import { UtilizationSummary } from './UtilizationSummary';

/** Setup > Number Management: the pool, its utilization, and the numbers allocated to sub-organizations. */
export function NumberManagementPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const [tab, setTab] = useState('pool');
  const [moving, setMoving] = useState<MoveNumbersTarget | null>(null);
  const [report, setReport] = useState<ResultsReport | null>(null);
  const [version, setVersion] = useState(0);
  const orgId = org?.id ?? '';

  const utilization = useApiData(useCallback(() => numbers.utilization(orgId), [orgId]));
  const children = useApiData(useCallback(() => numbers.subOrgs(orgId), [orgId]));
  const series = useApiData(useCallback(() => numbers.series(orgId), [orgId]));
  const tags = useApiData(useCallback(() => numbers.tags(orgId), [orgId]));

  if (!org) return null;
  const canEdit = can('setup.edit.number_management');

  /** The summaries (and, after a move, the pool) read again. */
  const refresh = (poolToo: boolean) => {
    void utilization.reload();
    void children.reload();
    void series.reload();
    void tags.reload();
    if (poolToo) setVersion((v) => v + 1);
  };

  const moved = (move: NumberMove) => {
    const title = moving?.kind === 'withdraw' ? t('numbers.withdraw.title') : t('numbers.allocate.title');
    setMoving(null);
    if (move.results.every((r) => r.result === 'moved')) {
      message.success(t(moving?.kind === 'withdraw' ? 'numbers.withdraw.done' : 'numbers.allocate.done', { count: move.moved }));
    } else {
      setReport(moveReport(t, title, move));
    }
    refresh(true);
  };

  const childItems = children.data?.items ?? [];
  return (
    <Card>
      <PageHeader title={t('numbers.title')} subtitle={t('numbers.intro', { name: org.name })} />
      <UtilizationSummary orgId={org.id} data={utilization} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'pool',
            label: t('numbers.poolTab'),
            children: (
              <PoolTab
                org={org}
                canEdit={canEdit}
                tags={tags.data?.items ?? []}
                series={series.data?.items ?? []}
                hasChildren={childItems.length > 0}
                onAllocate={(selected) => setMoving({ kind: 'allocate', selected })}
                onChanged={() => refresh(false)}
                version={version}
              />
            ),
          },
          {
            key: 'suborgs',
            label: t('numbers.suborgsTab'),
            children: (
              <SubOrgNumbersTab
                data={children}
                canEdit={canEdit}
                onAllocate={(child) => setMoving({ kind: 'allocate', toOrgId: child.org_id, selected: [] })}
                onWithdraw={(child) => setMoving({ kind: 'withdraw', from: child })}
              />
            ),
          },
        ]}
      />
      <MoveNumbersModal
        orgId={org.id}
        target={moving}
        subOrgs={childItems}
        series={series.data?.items ?? []}
        onClose={() => setMoving(null)}
        onMoved={moved}
      />
      <ResultsModal report={report} onClose={() => setReport(null)} />
    </Card>
  );
}
