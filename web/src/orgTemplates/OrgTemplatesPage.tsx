import { useCallback, useState } from 'react';
import { App, Button, Card } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { orgTemplates } from '../api/endpoints';
import type { UsableOrgTemplate } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { TemplateDrawer } from './TemplateDrawer';
import type { TemplateTarget } from './TemplateDrawer';
import { TemplateTable } from './TemplateTable';
import { useTemplateReferences } from './useTemplateReferences';

/**
 * Setup > Organization Templates: the presets for creating organizations usable at the current
 * organization (inherited ones first, then its own).
 */
export function OrgTemplatesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const [target, setTarget] = useState<TemplateTarget | null>(null);
  const orgId = org?.id ?? '';
  const templates = useApiData(useCallback(() => orgTemplates.list(orgId), [orgId]));
  const references = useTemplateReferences(org?.id ?? null);

  if (!org) return null;
  const canEdit = can('setup.edit.subscriptions');

  const remove = async (template: UsableOrgTemplate) => {
    try {
      await orgTemplates.remove(template.id);
      message.success(t('orgTemplates.deleted', { name: template.name }));
    } catch (e) {
      message.error(e instanceof DomainError ? e.detail : t('common.errorGeneric'));
    }
    void templates.reload();
  };

  return (
    <Card>
      <PageHeader
        title={t('orgTemplates.title')}
        subtitle={t('orgTemplates.intro', { name: org.name })}
        actions={
          canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ kind: 'create', org })}>
              {t('orgTemplates.create')}
            </Button>
          )
        }
      />
      <ErrorNotice error={templates.error} onRetry={() => void templates.reload()} />
      <TemplateTable
        org={org}
        templates={templates.data?.items ?? []}
        references={references}
        loading={templates.loading}
        canEdit={canEdit}
        onOpen={setTarget}
        onDelete={remove}
      />
      <TemplateDrawer
        target={target}
        plans={references.plans}
        roles={references.roles}
        onClose={() => setTarget(null)}
        onSaved={(saved) => {
          message.success(t(target?.kind === 'create' ? 'orgTemplates.created' : 'orgTemplates.saved', { name: saved.name }));
          setTarget(null);
          void templates.reload();
        }}
      />
    </Card>
  );
}
