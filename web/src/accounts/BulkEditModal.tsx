import { useEffect, useState } from 'react';
import { Alert, Form, Modal, Radio, Select, Typography } from 'antd';
import { DomainError } from '../api/client';
import type { BulkChanges, MonitorCalls, MonitorSms, PermissionGroup } from '../api/types';
import { errorText } from '../common/formErrors';
import { useI18n } from '../i18n';

/** A setting the admin did not touch: it is not sent, and each account keeps its own. */
const KEEP = 'keep';
type Keep = typeof KEEP;
type OnOff = 'on' | 'off';

interface Values {
  permission_group_id?: string;
  social_messaging: Keep | OnOff;
  restrict_incoming_social_messaging: Keep | OnOff;
  monitor_calls: Keep | MonitorCalls;
  monitor_sms: Keep | MonitorSms;
}

const UNTOUCHED: Values = {
  permission_group_id: undefined,
  social_messaging: KEEP,
  restrict_incoming_social_messaging: KEEP,
  monitor_calls: KEEP,
  monitor_sms: KEEP,
};
const FIELDS = Object.keys(UNTOUCHED);

/** Only the settings the admin set. */
function changesOf(values: Values): BulkChanges {
  const changes: BulkChanges = {};
  if (values.permission_group_id) changes.permission_group_id = values.permission_group_id;
  if (values.social_messaging !== KEEP) changes.social_messaging = values.social_messaging === 'on';
  if (values.restrict_incoming_social_messaging !== KEEP) {
    changes.restrict_incoming_social_messaging = values.restrict_incoming_social_messaging === 'on';
  }
  if (values.monitor_calls !== KEEP) changes.monitor_calls = values.monitor_calls;
  if (values.monitor_sms !== KEEP) changes.monitor_sms = values.monitor_sms;
  return changes;
}

/**
 * "Edit" of many accounts at once: the user permissions and the app settings that make sense
 * for many users (social messaging, its restriction, monitoring of calls and SMS). Every setting
 * starts as "Unchanged" and only those the admin sets are sent.
 */
export function BulkEditModal({
  who,
  groups,
  onApply,
  onCancel,
}: {
  /** Which accounts ("3 accounts", "all 60 accounts matching this filter"); null when closed. */
  who: string | null;
  groups: PermissionGroup[];
  /** Applies the changes; a refusal (DomainError) is shown in the form. */
  onApply: (changes: BulkChanges) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  // The form starts afresh at each opening (destroyOnHidden, preserve={false}); the notice too.
  useEffect(() => {
    if (who !== null) setNotice(null);
  }, [who]);

  const apply = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const changes = changesOf(values);
    if (Object.keys(changes).length === 0) {
      setNotice(t('accounts.bulkEdit.nothing'));
      return;
    }
    setBusy(true);
    setNotice(null);
    try {
      await onApply(changes);
    } catch (e) {
      if (!(e instanceof DomainError)) {
        setNotice(errorText(e, t('common.errorGeneric')));
        return;
      }
      // The server names the fields of `changes` with or without the prefix.
      const rest: string[] = [];
      for (const { field, message } of e.errors) {
        const name = (field ?? '').replace(/^changes\./, '');
        if (FIELDS.includes(name)) form.setFields([{ name: name as keyof Values, errors: [message] }]);
        else rest.push(field ? `${field}: ${message}` : message);
      }
      if (e.errors.length === 0 || rest.length) setNotice([e.detail, ...rest].join(' '));
    } finally {
      setBusy(false);
    }
  };

  const choice = <T extends string>(options: { value: T; label: string }[]) => (
    <Radio.Group optionType="button" options={[{ value: KEEP, label: t('accounts.bulkEdit.unchanged') }, ...options]} />
  );
  const onOff = [
    { value: 'on' as const, label: t('accounts.form.on') },
    { value: 'off' as const, label: t('accounts.form.off') },
  ];

  return (
    <Modal
      open={who !== null}
      title={who && t('accounts.bulkEdit.title', { who })}
      okText={t('accounts.bulkEdit.apply')}
      cancelText={t('common.cancel')}
      onOk={() => void apply()}
      okButtonProps={{ loading: busy }}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('accounts.bulkEdit.intro')}</Typography.Paragraph>
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      {/* preserve={false}: the fields leave the form's store with the closed modal, so every
          opening starts from "Unchanged" instead of the previous opening's choices. */}
      <Form<Values> form={form} layout="vertical" name="bulk-edit" initialValues={UNTOUCHED} preserve={false} disabled={busy}>
        <Form.Item name="permission_group_id" label={t('accounts.form.permissionGroup')}>
          <Select
            allowClear
            placeholder={t('accounts.bulkEdit.unchanged')}
            data-testid="bulk-permission-group"
            options={groups.map((g) => ({
              value: g.id,
              label: g.is_default ? `${g.name} (${t('permissions.default')})` : g.name,
            }))}
          />
        </Form.Item>
        <Form.Item name="social_messaging" label={t('accounts.form.socialMessaging')} extra={t('accounts.form.socialHelp')}>
          {choice(onOff)}
        </Form.Item>
        <Form.Item
          name="restrict_incoming_social_messaging"
          label={t('accounts.form.restrictSocial')}
          extra={t('accounts.bulkEdit.restrictHelp')}
          dependencies={['social_messaging']}
          rules={[
            ({ getFieldValue }) => ({
              // Switching social messaging off lifts the restriction: both at once contradict.
              validator: (_, value: Values['restrict_incoming_social_messaging']) =>
                value === 'on' && getFieldValue('social_messaging') === 'off'
                  ? Promise.reject(new Error(t('accounts.bulkEdit.restrictNeedsSocial')))
                  : Promise.resolve(),
            }),
          ]}
        >
          {choice(onOff)}
        </Form.Item>
        <Form.Item name="monitor_calls" label={t('accounts.form.monitorCalls')}>
          {choice([
            { value: 'auto' as const, label: t('accounts.form.monitorAuto') },
            { value: 'off' as const, label: t('accounts.form.off') },
          ])}
        </Form.Item>
        <Form.Item name="monitor_sms" label={t('accounts.form.monitorSms')}>
          {choice(onOff)}
        </Form.Item>
      </Form>
    </Modal>
  );
}
