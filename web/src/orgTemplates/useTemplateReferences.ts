import { useCallback } from 'react';
import { roles, subscriptions } from '../api/endpoints';
import type { Role, UsablePlan } from '../api/types';
import { useSession } from '../auth/session';
import { useApiData } from '../common/useApiData';

export interface TemplateReferences {
  /** The plans usable at the organization; null while they load, or when the admin may not list plans. */
  plans: UsablePlan[] | null;
  /** The roles usable at the organization; null while they load, or when the admin may not list roles. */
  roles: Role[] | null;
}

/** What templates name, to show names rather than ids: read only with the privileges that list them. */
export function useTemplateReferences(orgId: string | null): TemplateReferences {
  const { can } = useSession();
  const listPlans = useCallback(() => subscriptions.list(orgId ?? ''), [orgId]);
  const listRoles = useCallback(() => roles.list(orgId ?? ''), [orgId]);
  const plans = useApiData(orgId && can('setup.view.subscriptions') ? listPlans : null);
  const usableRoles = useApiData(orgId && (can('roles') || can('administrators')) ? listRoles : null);
  return { plans: plans.data?.items ?? null, roles: usableRoles.data?.items ?? null };
}
