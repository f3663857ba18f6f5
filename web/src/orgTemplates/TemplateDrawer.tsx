import { useEffect, useState } from 'react';
import { Alert, Button, Drawer, Flex, Form, Input, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { DomainError } from '../api/client';
import { orgTemplates } from '../api/endpoints';
import type { Org, OrgTemplate, Role, UsableOrgTemplate, UsablePlan } from '../api/types';
import { showFieldErrors } from '../common/formErrors';
import { useI18n } from '../i18n';
import type { Translate } from '../i18n';
import { GroupsField, NumbersField, PlanField, RolesField, SettingsFields } from './TemplateFormSections';
import { NAME_MAX, otherSettings, templateChanges, templateFormFields, templateFormValues, templateInput } from './templateForm';
import type { TemplateFormValues } from './templateForm';
import { settingLines } from './templateText';

export type TemplateTarget =
  { kind: 'create'; org: Org } | { kind: 'edit'; template: UsableOrgTemplate } | { kind: 'view'; template: UsableOrgTemplate };

/**
 * What to tell the admin about a refused save: field errors go on their fields (a permission
 * group's on that group's field; the notice then points at them); null when the fields say it all.
 */
function refusalNotice(e: unknown, form: FormInstance<TemplateFormValues>, groups: number, t: Translate): string | null {
  if (!(e instanceof DomainError)) return t('common.errorGeneric');
  if (e.code === 'name_taken') {
    form.setFields([{ name: 'name', errors: [t('orgTemplates.nameTaken')] }]);
    return null;
  }
  if (!e.errors.length) return e.detail;
  const unmatched = showFieldErrors(form, e, templateFormFields(groups));
  return unmatched.length === e.errors.length ? unmatched.join(' ') : [t('common.fixErrors'), ...unmatched].join(' ');
}

/** Where the template is defined, and the settings it has that the form does not show (kept as they are). */
function TemplateFacts({ template, readOnly }: { template: OrgTemplate; readOnly: boolean }) {
  const { t } = useI18n();
  const kept = settingLines(otherSettings(template.settings), t);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('subscriptions.definedOn', { org: template.org_name })}</Typography.Paragraph>
      {kept.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={readOnly ? t('orgTemplates.otherSettings') : t('orgTemplates.keptSettings')}
          description={kept.join(' · ')}
          data-testid="template-kept-settings"
        />
      )}
    </>
  );
}

/** Create an organization template, edit one, or look at one the admin may not change. */
export function TemplateDrawer({
  target,
  plans,
  roles,
  onClose,
  onSaved,
}: {
  target: TemplateTarget | null;
  plans: UsablePlan[] | null;
  roles: Role[] | null;
  onClose: () => void;
  onSaved: (template: OrgTemplate) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<TemplateFormValues>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const template = target && target.kind !== 'create' ? target.template : null;
  const readOnly = target?.kind === 'view';

  useEffect(() => {
    setNotice(null);
    form.resetFields();
    if (target) form.setFieldsValue(templateFormValues(template));
  }, [target, template, form]);

  const submit = async (values: TemplateFormValues) => {
    if (!target || target.kind === 'view') return;
    const input = templateInput(values, template ? otherSettings(template.settings) : {});
    const changes = target.kind === 'edit' ? templateChanges(target.template, input) : input;
    if (target.kind === 'edit' && Object.keys(changes).length === 0) return onClose();
    setBusy(true);
    setNotice(null);
    try {
      onSaved(
        target.kind === 'create'
          ? await orgTemplates.create(target.org.id, input)
          : await orgTemplates.update(target.template.id, changes),
      );
    } catch (e) {
      setNotice(refusalNotice(e, form, input.permission_groups.length, t));
    } finally {
      setBusy(false);
    }
  };

  const title =
    target?.kind === 'create'
      ? t('orgTemplates.createTitle')
      : target?.kind === 'edit'
        ? t('orgTemplates.editTitle')
        : t('orgTemplates.viewTitle');

  return (
    <Drawer
      open={target !== null}
      title={title}
      width={760}
      onClose={onClose}
      forceRender
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{readOnly ? t('common.close') : t('common.cancel')}</Button>
          {!readOnly && (
            <Button type="primary" loading={busy} onClick={() => form.submit()}>
              {t('common.save')}
            </Button>
          )}
        </Flex>
      }
    >
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      {template && <TemplateFacts template={template} readOnly={readOnly} />}
      <Form<TemplateFormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        onFinishFailed={() => setNotice(t('common.fixErrors'))}
        disabled={busy || readOnly}
        name="org-template"
      >
        <Form.Item
          name="name"
          label={t('orgTemplates.name')}
          rules={[
            { required: true, whitespace: true, message: t('subscriptions.nameRequired') },
            { max: NAME_MAX, message: t('subscriptions.nameTooLong') },
          ]}
        >
          <Input autoFocus={!readOnly} />
        </Form.Item>
        <PlanField plans={plans} />
        <SettingsFields />
        <RolesField roles={roles} />
        <GroupsField />
        <NumbersField />
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}
