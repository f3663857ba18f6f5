import type { ReactElement } from 'react';
import { Result } from 'antd';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n';

/** Renders `children` when the admin holds any of `privileges`, else a clear "no access" state. */
export function RequirePrivilege({ any, children }: { any: string[]; children: ReactElement }) {
  const { can } = useSession();
  const { t } = useI18n();
  if (any.some(can)) return children;
  return <Result status="403" title={t('common.noAccessTitle')} subTitle={t('common.noAccess')} />;
}
