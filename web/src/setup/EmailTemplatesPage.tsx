import { useCallback, useMemo, useState } from 'react';
import { Card, Flex, Segmented, Select, Tag } from 'antd';
import { alerts as alertsApi, emailTemplates } from '../api/endpoints';
import type { EmailMessage, Language } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { LANGUAGES, useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { TemplateEditor } from './TemplateEditor';

/** The administrators' account emails; every other message is an alert, named as Setup > Manage Alerts names it. */
const ACCOUNT_EMAILS: Partial<Record<EmailMessage, MessageKey>> = {
  admin_invitation: 'emailTemplates.adminInvitation',
  password_reset: 'emailTemplates.passwordReset',
  password_reset_blocked: 'emailTemplates.passwordResetBlocked',
  two_factor_pin: 'emailTemplates.twoFactorPin',
  subscription_changed: 'emailTemplates.subscriptionChanged',
};

/** "account_moved" as "Account moved": the name of an alert when the alert catalog may not be read. */
const fromKey = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, ' ');

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
  // The alerts' names, in every language, come with the alert settings (when the role reads them).
  const mayReadAlerts = can('setup.view.alerts');
  const fetchAlerts = useCallback(() => alertsApi.list(orgId), [orgId]);
  const catalog = useApiData(mayReadAlerts && orgId ? fetchAlerts : null);
  const [chosen, setChosen] = useState<EmailMessage>('admin_invitation');
  const [language, setLanguage] = useState<Language>('en');

  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const current = items.find((i) => i.message === chosen && i.language === language) ?? null;

  const options = useMemo(() => {
    const alertNames = new Map((catalog.data?.items ?? []).map((a) => [a.key, a.labels[shown] || a.labels.en]));
    const label = (m: EmailMessage) => {
      const key = ACCOUNT_EMAILS[m];
      return key ? t(key) : (alertNames.get(m) ?? fromKey(m));
    };
    // In the order of the API's answer, once each.
    const messages = [...new Set(items.map((i) => i.message))];
    const own = new Set(items.filter((i) => i.language === language && i.own).map((i) => i.message));
    const option = (m: EmailMessage) => ({ value: m, label: label(m), own: own.has(m) });
    return [
      { label: t('emailTemplates.groupAccount'), options: messages.filter((m) => ACCOUNT_EMAILS[m]).map(option) },
      { label: t('emailTemplates.groupAlerts'), options: messages.filter((m) => !ACCOUNT_EMAILS[m]).map(option) },
    ].filter((g) => g.options.length > 0);
  }, [items, catalog.data, language, shown, t]);

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
            <Segmented<Language>
              value={language}
              onChange={setLanguage}
              options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
              data-testid="template-language"
            />
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
