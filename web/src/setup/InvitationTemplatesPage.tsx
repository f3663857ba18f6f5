import { useCallback, useState } from 'react';
import { Card, Segmented } from 'antd';
import { invitationTemplates } from '../api/endpoints';
import type { Language, TemplateChannel } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { LanguageSwitch, TemplateEditor } from './TemplateEditor';

const PLACEHOLDERS = [
  'first_name',
  'last_name',
  'login',
  'activation_code',
  'multiline_number',
  'org_name',
  'company_name',
  'portal_url',
  'activation_link',
  'qr_code',
].map((name) => ({ name }));

/**
 * Setup > Invitation Templates: the email and SMS invitation of each language, inherited from
 * above until changed here; Preview renders it on the server with example values.
 */
export function InvitationTemplatesPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const orgId = org?.id ?? '';
  const list = useApiData(useCallback(() => invitationTemplates.list(orgId), [orgId]));
  const [channel, setChannel] = useState<TemplateChannel>('email');
  const [language, setLanguage] = useState<Language>('en');

  const current = list.data?.items.find((i) => i.channel === channel && i.language === language) ?? null;
  if (!org) return null;

  return (
    <Card>
      <PageHeader title={t('templates.title')} subtitle={t('templates.intro', { name: org.name })} />
      <ErrorNotice error={list.error} onRetry={() => void list.reload()} />
      <TemplateEditor
        org={org}
        controls={
          <>
            <Segmented<TemplateChannel>
              value={channel}
              onChange={setChannel}
              options={[
                { value: 'email', label: t('templates.email') },
                { value: 'sms', label: t('templates.sms') },
              ]}
              data-testid="template-channel"
            />
            <LanguageSwitch value={language} onChange={setLanguage} />
          </>
        }
        read={list.data !== null}
        failed={list.error !== null}
        template={current}
        missing={t('templates.missing')}
        email={channel === 'email'}
        placeholders={PLACEHOLDERS}
        note={t('templates.required')}
        canEdit={can('setup.edit.invitation_templates')}
        texts={{
          revert: t('templates.revert'),
          revertConfirm: t('templates.revertConfirm'),
          saved: t('templates.saved'),
          reverted: t('templates.reverted'),
        }}
        preview={(content) => invitationTemplates.preview(org.id, channel, language, content)}
        save={(content) => invitationTemplates.save(org.id, channel, language, content)}
        revert={() => invitationTemplates.revert(org.id, channel, language)}
        reload={list.reload}
      />
    </Card>
  );
}
