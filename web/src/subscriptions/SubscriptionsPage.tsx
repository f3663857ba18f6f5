import { useCallback, useState } from 'react';
import { App, Button, Card } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { subscriptions } from '../api/endpoints';
import type { UsablePlan } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { BlockedPrefixesCard } from './BlockedPrefixesCard';
import { OrgPlanCard } from './OrgPlanCard';
import { PlanDrawer } from './PlanDrawer';
import type { PlanTarget } from './PlanDrawer';
import { PlanTable } from './PlanTable';

/**
 * Setup > Subscriptions: the subscription plans usable at the current organization (inherited
 * ones first, then its own) and the plan the organization is on.
 */
export function SubscriptionsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const [target, setTarget] = useState<PlanTarget | null>(null);
  const orgId = org?.id ?? '';
  const plans = useApiData(useCallback(() => subscriptions.list(orgId), [orgId]));

  if (!org) return null;
  const canEdit = can('setup.edit.subscriptions');

  const remove = async (plan: UsablePlan) => {
    try {
      await subscriptions.remove(plan.id);
      message.success(t('subscriptions.deleted', { name: plan.name }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      // Someone put an organization on it since the list was read.
      if (e.code === 'subscription_in_use') message.error(t('subscriptions.inUseNoDelete', { count: Math.max(plan.in_use, 1) }));
      else message.error(e.detail);
    }
    void plans.reload();
  };

  return (
    <Card>
      <PageHeader
        title={t('subscriptions.title')}
        subtitle={t('subscriptions.intro', { name: org.name })}
        actions={
          canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ kind: 'create', org })}>
              {t('subscriptions.create')}
            </Button>
          )
        }
      />
      <OrgPlanCard org={org} plans={plans.data?.items ?? null} canEdit={canEdit} onChanged={() => void plans.reload()} />
      <BlockedPrefixesCard org={org} canEdit={canEdit} />
      <ErrorNotice error={plans.error} onRetry={() => void plans.reload()} />
      <PlanTable
        org={org}
        plans={plans.data?.items ?? []}
        loading={plans.loading}
        canEdit={canEdit}
        onOpen={setTarget}
        onDelete={remove}
      />
      <PlanDrawer
        target={target}
        onClose={() => setTarget(null)}
        onSaved={(saved) => {
          message.success(t(target?.kind === 'create' ? 'subscriptions.created' : 'subscriptions.saved', { name: saved.name }));
          setTarget(null);
          void plans.reload();
        }}
      />
    </Card>
  );
}
