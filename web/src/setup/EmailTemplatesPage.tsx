import { useCallback, useMemo, useState } from 'react';
import { Card, Flex, Select, Tag } from 'antd';
import { emailTemplates } from '../api/endpoints';
import type { EmailMessage, Language } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { LanguageSwitch, TemplateEditor } from './TemplateEditor';

/** The administrators' account emails; every other message is an alert. */
const ACCOUNT_EMAILS = new Set<EmailMessage>([
  'admin_invitation',
  'password_reset',
  'password_reset_blocked',
  'two_factor_pin',
  'subscription_changed',
  'webhook_disabled',
]);

/**
 * Setup > Email Templates: the emails Lineport sends for the organization (the administrators'
 * account emails and the alerts) in each language, inherited from above until changed here;
 * Preview renders one on the server with example values.
 */
export function EmailTemplatesPage() {
  const { t, language: shown } = useI18n();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const orgId = org?.id ?? '';
  const list = useApiData(useCallback(() => emailTemplates.list(orgId), [orgId]));
  const [chosen, setChosen] = useState<EmailMessage>('admin_invitation');
  const [language, setLanguage] = useState<Language>('en');

  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const current = items.find((i) => i.message === chosen && i.language === language) ?? null;

  const options = useMemo(() => {
    // Each message's name comes with it, in every language (an alert's as Manage Alerts names it).
    const names = new Map(items.map((i) => [i.message, i.name[shown] || i.name.en]));
    const label = (m: EmailMessage) => names.get(m) ?? m;
    // In the order of the API's answer, once each.
    const messages = [...new Set(items.map((i) => i.message))];
    const own = new Set(items.filter((i) => i.language === language && i.own).map((i) => i.message));
    const option = (m: EmailMessage) => ({ value: m, label: label(m), own: own.has(m) });
    return [
      { label: t('emailTemplates.groupAccount'), options: messages.filter((m) => ACCOUNT_EMAILS.has(m)).map(option) },
      { label: t('emailTemplates.groupAlerts'), options: messages.filter((m) => !ACCOUNT_EMAILS.has(m)).map(option) },
    ].filter((g) => g.options.length > 0);
  }, [items, language, shown, t]);

  if (!org) return null;
  const required = new Set(current?.required_placeholders ?? []);

  return (
    <Card>
      <PageHeader title={t('emailTemplates.title')} subtitle={t('emailTemplates.intro', { name: org.name })} />
      <ErrorNotice error={list.error} onRetry={() => void list.reload()} />
      <TemplateEditor
        org={org}
        controls={
          <>
            <Select<EmailMessage>
              value={chosen}
              onChange={setChosen}
              options={options}
              loading={!list.data && !list.error}
              showSearch
              optionFilterProp="label"
              optionRender={(option) => (
                <Flex justify="space-between" align="center" gap={8}>
                  <span>{option.label}</span>
                  {(option.data as { own?: boolean }).own && <Tag color="blue">{t('emailTemplates.changedHere')}</Tag>}
                </Flex>
              )}
              popupMatchSelectWidth={false}
              style={{ width: 320, maxWidth: '100%' }}
              aria-label={t('emailTemplates.message')}
              data-testid="template-message"
            />
            <LanguageSwitch value={language} onChange={setLanguage} />
          </>
        }
        read={list.data !== null}
        failed={list.error !== null}
        template={current}
        missing={t('emailTemplates.missing')}
        email
        placeholders={(current?.placeholders ?? []).map((name) => ({ name, required: required.has(name) }))}
        note={required.size > 0 ? t('emailTemplates.required') : undefined}
        canEdit={can('setup.edit.invitation_templates')}
        texts={{
          revert: t('emailTemplates.revert'),
          revertConfirm: t('emailTemplates.revertConfirm'),
          saved: t('emailTemplates.saved'),
          reverted: t('emailTemplates.reverted'),
        }}
        preview={(content) => emailTemplates.preview(org.id, chosen, language, content)}
        save={(content) => emailTemplates.save(org.id, chosen, language, content)}
        revert={() => emailTemplates.revert(org.id, chosen, language)}
        reload={list.reload}
      />
    </Card>
  );
}
