import { Descriptions, Form, Select } from 'antd';
import type { UsableOrgTemplate, UsablePlan } from '../api/types';
import { formatNumber } from '../common/format';
import { useI18n } from '../i18n';
import { planLabel, settingLines } from '../orgTemplates/templateText';

/** What a template brings to the organization created from it, in short. */
function TemplateSummary({ template, plans }: { template: UsableOrgTemplate; plans: UsablePlan[] | null }) {
  const { t, locale } = useI18n();
  const settings = settingLines(template.settings, t);
  const items = [
    { key: 'plan', label: t('orgTemplates.plan'), children: planLabel(template.subscription_id, plans, t) },
    {
      key: 'numbers',
      label: t('orgTemplates.numbers'),
      children: template.numbers === null ? t('orgTemplates.noNumbers') : formatNumber(template.numbers, locale),
    },
    { key: 'roles', label: t('orgTemplates.roles'), children: t('orgTemplates.roleCount', { count: template.role_ids.length }) },
    {
      key: 'groups',
      label: t('orgTemplates.groups'),
      children: t('orgTemplates.groupCount', { count: template.permission_groups.length }),
    },
    ...(settings.length ? [{ key: 'settings', label: t('orgTemplates.settings'), children: settings.join(' · ') }] : []),
  ];
  return <Descriptions size="small" column={1} bordered items={items} data-testid="template-summary" style={{ marginBottom: 24 }} />;
}

/**
 * The template of a new organization (optional), among those usable at its parent, and what the
 * chosen one brings. What the form sets itself wins over the template.
 */
export function TemplateField({ templates, plans }: { templates: UsableOrgTemplate[]; plans: UsablePlan[] | null }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const chosenId = Form.useWatch<string | undefined>('template_id', form);
  const chosen = templates.find((template) => template.id === chosenId);
  return (
    <>
      <Form.Item name="template_id" label={t('orgForm.template')} extra={t('orgForm.templateHelp')}>
        <Select
          allowClear
          placeholder={t('orgForm.noTemplate')}
          options={templates.map((template) => ({
            value: template.id,
            label: template.inherited ? `${template.name} (${template.org_name})` : template.name,
          }))}
          data-testid="org-template-select"
        />
      </Form.Item>
      {chosen && <TemplateSummary template={chosen} plans={plans} />}
    </>
  );
}
