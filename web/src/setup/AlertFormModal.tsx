import { useEffect, useState } from 'react';
import { Alert, Checkbox, Form, Input, Modal, Select } from 'antd';
import { DomainError } from '../api/client';
import { alerts as alertsApi } from '../api/endpoints';
import type { AlertSetting } from '../api/types';
import { useI18n } from '../i18n';

interface Values {
  to_org_admins: boolean;
  recipients: string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "Edit Alerts": deliver to the organization's administrators, and to other recipients. */
export function AlertFormModal({
  orgId,
  alert,
  label,
  onClose,
  onSaved,
}: {
  orgId: string;
  alert: AlertSetting | null;
  label: string;
  onClose: () => void;
  onSaved: (alert: AlertSetting) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    setNotice(null);
    form.resetFields();
    if (alert) form.setFieldsValue({ to_org_admins: alert.to_org_admins, recipients: alert.recipients });
  }, [alert, form]);

  const submit = async (values: Values) => {
    if (!alert) return;
    setBusy(true);
    setNotice(null);
    const recipients = [...new Set(values.recipients.map((r) => r.trim()).filter(Boolean))];
    try {
      onSaved(await alertsApi.update(orgId, alert.key, { to_org_admins: values.to_org_admins, recipients }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      // "recipients[2]": name the address that was refused.
      const bad = e.errors
        .filter((f) => f.field.startsWith('recipients'))
        .map((f) => {
          const index = /\[(\d+)\]/.exec(f.field)?.[1];
          const value = index !== undefined ? recipients[Number(index)] : undefined;
          return value ? `${value}: ${f.message}` : f.message;
        });
      if (bad.length) form.setFields([{ name: 'recipients', errors: bad }]);
      else setNotice(e.detail);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={alert !== null}
      title={t('alerts.editTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      forceRender
    >
      {notice && <Alert type="error" showIcon message={notice} style={{ marginBottom: 16 }} role="alert" />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} name="alert-form">
        <Form.Item label={t('alerts.name')} htmlFor="alert-form-name">
          <Input id="alert-form-name" value={label} disabled />
        </Form.Item>
        <Form.Item label={t('alerts.deliverTo')} name="to_org_admins" valuePropName="checked">
          <Checkbox>{t('alerts.orgAdmins')}</Checkbox>
        </Form.Item>
        <Form.Item
          name="recipients"
          label={t('alerts.otherRecipients')}
          extra={t('alerts.recipientsHelp')}
          rules={[
            {
              validator: (_, value: string[] | undefined) => {
                const bad = (value ?? []).filter((v) => !EMAIL.test(v.trim()));
                return bad.length ? Promise.reject(new Error(t('alerts.badEmail', { emails: bad.join(', ') }))) : Promise.resolve();
              },
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[',', ';', ' ']} open={false} suffixIcon={null} data-testid="alert-recipients" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
