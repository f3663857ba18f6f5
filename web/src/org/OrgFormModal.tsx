import { useEffect, useMemo, useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { DomainError } from '../api/client';
import { orgTemplates, orgs, subscriptions } from '../api/endpoints';
import type { InheritedSetting, Language, Org } from '../api/types';
import { LanguageSelect } from '../common/LanguageSelect';
import { TimeZoneSelect } from '../common/TimeZoneSelect';
import { showFieldErrors } from '../common/formErrors';
import { useApiData } from '../common/useApiData';
import { isLanguage, useI18n } from '../i18n';
import { useSession } from '../auth/session';
import { TemplateField } from './TemplateField';

export type OrgFormTarget = { kind: 'create'; parent: Org } | { kind: 'edit'; org: Org };

interface Values {
  name: string;
  description?: string;
  timezone?: string | null;
  language?: Language | null;
  /** Creating only: the organization template to start from. */
  template_id?: string;
}

const FIELDS = [['name'], ['description'], ['timezone'], ['language'], ['template_id']];
const NAME_MAX = 120;

/** The own value of a setting, or undefined when the organization inherits it. */
function ownValue<T>(setting: InheritedSetting<T> | undefined, orgId: string): T | undefined {
  if (!setting || setting.value === null) return undefined;
  return (setting.own ?? setting.source_org_id === orgId) ? setting.value : undefined;
}

/**
 * Create or edit a sub-organization. Time zone and language are settings: left empty,
 * the organization inherits them from its parent, or gets them from the template chosen.
 */
export function OrgFormModal({
  target,
  onClose,
  onSaved,
}: {
  target: OrgFormTarget | null;
  onClose: () => void;
  onSaved: (org: Org) => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  // Time zone and language are settings: changing them needs Edit Company Profile, at creation too.
  const editsSettings = can('profile.edit');
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [inherited, setInherited] = useState<{ timezone?: string; language?: string }>({});
  const [initial, setInitial] = useState<Values | null>(null);
  const editing = target?.kind === 'edit' ? target.org : null;
  // The templates usable at the parent, read again each time the form opens.
  const templates = useApiData(
    useMemo(() => (target?.kind === 'create' ? () => orgTemplates.list(target.parent.id) : null), [target]),
  );
  const seesPlans = can('setup.view.subscriptions');
  const plans = useApiData(
    useMemo(() => (target?.kind === 'create' && seesPlans ? () => subscriptions.list(target.parent.id) : null), [target, seesPlans]),
  );
  const usableTemplates = target?.kind === 'create' ? (templates.data?.items ?? []) : [];
  const templateId = Form.useWatch('template_id', form);
  const template = usableTemplates.find((candidate) => candidate.id === templateId);
  const fromTemplate = {
    timezone: template?.settings.timezone && t('orgForm.fromTemplate', { value: template.settings.timezone }),
    language: template?.settings.language && t('orgForm.fromTemplate', { value: t(`language.${template.settings.language}`) }),
  };

  useEffect(() => {
    setNotice(null);
    setInherited({});
    form.resetFields();
    if (!target) return;
    if (target.kind === 'create') {
      const values: Values = { name: '', description: '', timezone: undefined, language: undefined };
      setInitial(values);
      form.setFieldsValue(values);
      return;
    }
    const org = target.org;
    const values: Values = { name: org.name, description: org.description ?? '' };
    setInitial(values);
    form.setFieldsValue(values);
    let live = true;
    orgs
      .settings(org.id)
      .then((settings) => {
        if (!live) return;
        const own = {
          timezone: ownValue(settings.timezone, org.id),
          language: ownValue(settings.language, org.id),
        };
        setInitial({ ...values, ...own });
        form.setFieldsValue(own);
        const describe = (s: InheritedSetting<string> | undefined, shown: (v: string) => string) =>
          s?.value && ownValue(s, org.id) === undefined
            ? t('orgForm.inherited', { value: shown(s.value), org: s.source_org_name ?? '' })
            : undefined;
        setInherited({
          timezone: describe(settings.timezone, (v) => v),
          language: describe(settings.language, (v) => (isLanguage(v) ? t(`language.${v}`) : v)),
        });
      })
      .catch((e: unknown) => live && setNotice(e instanceof DomainError ? e.detail : String(e)));
    return () => {
      live = false;
    };
  }, [target, form, t]);

  const submit = async (values: Values) => {
    if (!target) return;
    setBusy(true);
    setNotice(null);
    const name = values.name.trim();
    const description = (values.description ?? '').trim();
    try {
      let saved: Org;
      if (target.kind === 'create') {
        saved = await orgs.createChild(target.parent.id, {
          name,
          description,
          ...(values.timezone ? { timezone: values.timezone } : {}),
          ...(values.language ? { language: values.language } : {}),
          ...(values.template_id ? { template_id: values.template_id } : {}),
        });
      } else {
        const org = target.org;
        saved = org;
        if (name !== org.name || description !== (org.description ?? '')) {
          saved = await orgs.update(org.id, { name, description });
        }
        const settings: { timezone?: string | null; language?: Language | null } = {};
        if ((values.timezone ?? null) !== (initial?.timezone ?? null)) settings.timezone = values.timezone ?? null;
        if ((values.language ?? null) !== (initial?.language ?? null)) settings.language = values.language ?? null;
        if (Object.keys(settings).length > 0) {
          await orgs.updateSettings(org.id, settings);
          saved = await orgs.get(org.id);
        }
      }
      onSaved(saved);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === 'name_taken') {
        form.setFields([{ name: 'name', errors: [t('orgForm.nameTaken')] }]);
      } else {
        const unmatched = showFieldErrors(form, e, FIELDS);
        if (e.errors.length === 0 || unmatched.length > 0) setNotice([e.detail, ...unmatched].join(' '));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={editing ? t('orgForm.editTitle') : t('orgForm.createTitle')}
      okText={editing ? t('common.save') : t('orgForm.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      forceRender
    >
      {notice && <Alert type="error" showIcon message={notice} style={{ marginBottom: 16 }} role="alert" />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} name="org-form">
        {target?.kind === 'create' && (
          <Form.Item label={t('orgForm.parent')}>
            <Input value={target.parent.name} disabled />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('orgForm.name')}
          rules={[
            { required: true, whitespace: true, message: t('orgForm.nameRequired') },
            { max: NAME_MAX, message: t('orgForm.nameTooLong') },
          ]}
        >
          <Input maxLength={NAME_MAX} showCount autoFocus />
        </Form.Item>
        <Form.Item name="description" label={t('orgForm.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        {templates.error && (
          <Alert
            type="warning"
            showIcon
            message={t('orgForm.templatesUnavailable', { detail: templates.error.detail })}
            style={{ marginBottom: 16 }}
          />
        )}
        {usableTemplates.length > 0 && <TemplateField templates={usableTemplates} plans={plans.data?.items ?? null} />}
        {editsSettings && (
          <>
            <Form.Item name="timezone" label={t('orgForm.timezone')} extra={fromTemplate.timezone || inherited.timezone}>
              <TimeZoneSelect allowClear placeholder={t('orgForm.inherit')} />
            </Form.Item>
            <Form.Item name="language" label={t('orgForm.language')} extra={fromTemplate.language || inherited.language}>
              <LanguageSelect allowClear placeholder={t('orgForm.inherit')} />
            </Form.Item>
          </>
        )}
        {/* Enter in a field submits. */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
