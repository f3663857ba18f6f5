import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, App, Button, Card, ColorPicker, Flex, Form, Input, InputNumber, Popconfirm, Skeleton, Switch } from 'antd';
import { DomainError } from '../api/client';
import { orgs } from '../api/endpoints';
import type { AppSettingKey, InheritedSetting, OrgSettings } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { errorText, showFieldErrors } from '../common/formErrors';
import { PageHeader } from '../common/PageHeader';
import { SettingSource, settingOrigin } from '../common/SettingSource';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';

type Value = string | number | boolean | null;

/** One setting of a Setup area of the mobile app and how it is edited. */
export interface AppSettingField {
  key: AppSettingKey;
  label: MessageKey;
  help?: MessageKey;
  kind: 'switch' | 'integer' | 'text' | 'textarea' | 'color';
  min?: number;
  max?: number;
  /** The longest text (a counter shows under it); the server checks it too. */
  maxLength?: number;
  /** An empty text is sent as null (the setting may be unset: it is inherited again). */
  emptyIsNull?: boolean;
}

/** A colour of the picker as the server wants it: `#RRGGBB`. */
const hex = (value: unknown): string | null => {
  if (typeof value === 'string') return value.toUpperCase();
  if (value && typeof value === 'object' && 'toHexString' in value) {
    return (value as { toHexString: () => string }).toHexString().slice(0, 7).toUpperCase();
  }
  return null;
};

/** What the form holds for a setting's value. */
const formValue = (field: AppSettingField, value: Value | undefined) =>
  field.kind === 'switch' ? value === true : field.kind === 'integer' ? (value ?? null) : (value ?? '');

/** What is sent for the form's value. */
const wireValue = (field: AppSettingField, value: unknown): Value => {
  if (field.kind === 'switch') return value === true;
  if (field.kind === 'integer') return typeof value === 'number' ? value : null;
  if (field.kind === 'color') return hex(value);
  const text = typeof value === 'string' ? value : '';
  return field.emptyIsNull && text === '' ? null : text;
};

const empty: InheritedSetting<Value> = { value: null, own: false, source_org_id: null, source_org_name: null };

/**
 * A Setup area of the mobile app: its settings of the current organization in one form, each
 * with where its value comes from (set here, inherited from an organization above, the default)
 * and, when set here, a way back to the inherited value (PATCH null). Save sends the settings
 * changed; the server's refusals show under their fields. Without `editPrivilege` the values
 * show read-only. `preview` draws something from the form's current values.
 */
export function AppSettingsForm({
  name,
  title,
  intro,
  fields,
  editPrivilege,
  savedMessage,
  onSaved,
  preview,
}: {
  name: string;
  title: MessageKey;
  intro: MessageKey;
  fields: AppSettingField[];
  editPrivilege: string;
  savedMessage: MessageKey;
  onSaved?: () => void;
  preview?: (values: Record<string, Value>) => ReactNode;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const [form] = Form.useForm();
  const orgId = org?.id ?? '';
  const settings = useApiData(useCallback(() => orgs.settings(orgId), [orgId]));
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const watched = Form.useWatch([], form) as Record<string, unknown> | undefined;

  const settingOf = (data: OrgSettings, key: AppSettingKey) => data[key] ?? empty;

  const held = (data: OrgSettings | null) =>
    data ? Object.fromEntries(fields.map((f) => [f.key, formValue(f, settingOf(data, f.key).value)])) : undefined;
  // The form starts again from what the server holds whenever that changes.
  useEffect(() => {
    if (!settings.data) return;
    form.resetFields();
    form.setFieldsValue(held(settings.data));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `fields` is a constant of each page
  }, [settings.data, form]);

  if (!org) return null;
  const canEdit = can(editPrivilege);

  const patch = async (changes: Partial<Record<AppSettingKey, Value>>) => {
    setSaving(true);
    setNotice(null);
    try {
      settings.set(await orgs.updateSettings(org.id, changes));
      message.success(t(savedMessage));
      onSaved?.();
    } catch (e) {
      if (e instanceof DomainError && e.errors.length) {
        const unmatched = showFieldErrors(
          form,
          e,
          fields.map((f) => [f.key]),
        );
        setNotice(unmatched.length ? unmatched.join(' ') : t('common.fixErrors'));
      } else {
        setNotice(errorText(e, t('common.errorGeneric')));
      }
    } finally {
      setSaving(false);
    }
  };

  const submit = (values: Record<string, unknown>) => {
    if (!settings.data) return;
    const data = settings.data;
    const changes: Partial<Record<AppSettingKey, Value>> = {};
    for (const f of fields) {
      const value = wireValue(f, values[f.key]);
      if (value !== (settingOf(data, f.key).value ?? (f.kind === 'switch' ? false : f.emptyIsNull ? null : ''))) {
        changes[f.key] = value;
      }
    }
    if (!Object.keys(changes).length) {
      message.info(t('appSettings.nothingChanged'));
      return;
    }
    void patch(changes);
  };

  const control = (f: AppSettingField) => {
    switch (f.kind) {
      case 'switch':
        return <Switch disabled={!canEdit} aria-label={t(f.label)} />;
      case 'integer':
        return <InputNumber min={f.min} max={f.max} precision={0} disabled={!canEdit} style={{ width: 200 }} />;
      case 'textarea':
        return <Input.TextArea rows={3} showCount={!!f.maxLength} maxLength={f.maxLength} readOnly={!canEdit} />;
      case 'color':
        return <ColorPicker format="hex" disabledAlpha showText={(c) => c.toHexString().toUpperCase()} disabled={!canEdit} />;
      default:
        return <Input showCount={!!f.maxLength} maxLength={f.maxLength} readOnly={!canEdit} style={{ maxWidth: 480 }} />;
    }
  };

  const current: Record<string, Value> = Object.fromEntries(fields.map((f) => [f.key, wireValue(f, watched?.[f.key])]));

  return (
    <Card>
      <PageHeader title={t(title)} subtitle={t(intro, { name: org.name })} />
      <ErrorNotice error={settings.error} onRetry={() => void settings.reload()} />
      {!settings.data && !settings.error && <Skeleton active paragraph={{ rows: 4 }} />}
      {settings.data && (
        <Flex vertical gap={16} style={{ maxWidth: 760 }}>
          {notice && <Alert type="error" showIcon message={notice} role="alert" />}
          <Form form={form} layout="vertical" name={name} onFinish={submit} disabled={saving} initialValues={held(settings.data)}>
            {fields.map((f) => {
              const setting = settingOf(settings.data!, f.key);
              const own = settingOrigin(setting, org.id) === 'own';
              return (
                <Form.Item
                  key={f.key}
                  label={t(f.label)}
                  htmlFor={`${name}_${f.key}`}
                  extra={
                    <Flex vertical gap={4} style={{ marginTop: 4 }}>
                      {f.help && <span>{t(f.help)}</span>}
                      <Flex gap={8} align="center" wrap>
                        <SettingSource setting={setting} orgId={org.id} orgName={org.name} testId={`${f.key}-source`} />
                        {own && canEdit && org.parent_id && (
                          <Popconfirm
                            title={t('appSettings.inheritConfirm')}
                            okText={t('common.yes')}
                            cancelText={t('common.no')}
                            // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
                            onConfirm={() => patch({ [f.key]: null })}
                          >
                            <Button size="small" type="link" data-testid={`${f.key}-inherit`}>
                              {t('setting.inherit')}
                            </Button>
                          </Popconfirm>
                        )}
                      </Flex>
                    </Flex>
                  }
                >
                  <Form.Item name={f.key} noStyle valuePropName={f.kind === 'switch' ? 'checked' : 'value'}>
                    {control(f)}
                  </Form.Item>
                </Form.Item>
              );
            })}
            {preview?.(current)}
            {canEdit && (
              <Flex gap={8} style={{ marginTop: 8 }}>
                <Button type="primary" htmlType="submit" loading={saving} data-testid={`${name}-save`}>
                  {t('common.save')}
                </Button>
              </Flex>
            )}
          </Form>
          {!canEdit && <Alert type="warning" showIcon message={t('setting.readOnly')} />}
        </Flex>
      )}
    </Card>
  );
}
