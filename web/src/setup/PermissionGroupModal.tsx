import { useEffect, useState } from 'react';
import { Alert, Checkbox, Form, Input, Modal, Space } from 'antd';
import { DomainError } from '../api/client';
import { permissionGroups } from '../api/endpoints';
import { FEATURES } from '../api/types';
import type { Feature, Org, PermissionGroup } from '../api/types';
import { errorText, showFieldErrors } from '../common/formErrors';
import { useI18n } from '../i18n';

export type PermissionGroupTarget = { kind: 'create'; org: Org } | { kind: 'edit'; group: PermissionGroup };

interface Values {
  name: string;
  features: Feature[];
  is_default: boolean;
}

const FIELDS = [['name'], ['features'], ['is_default']];

/** Create or edit a user permission group: its name, the app features it allows, default or not. */
export function PermissionGroupModal({
  target,
  onClose,
  onSaved,
}: {
  target: PermissionGroupTarget | null;
  onClose: () => void;
  onSaved: (group: PermissionGroup) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const group = target?.kind === 'edit' ? target.group : null;

  useEffect(() => {
    setNotice(null);
    form.resetFields();
    if (target) {
      form.setFieldsValue({
        name: group?.name ?? '',
        features: group?.features ?? ['voice', 'sms'],
        is_default: group?.is_default ?? false,
      });
    }
  }, [target, group, form]);

  const submit = async (values: Values) => {
    if (!target) return;
    setBusy(true);
    setNotice(null);
    const input = { name: values.name.trim(), features: values.features, is_default: values.is_default };
    try {
      onSaved(
        target.kind === 'create'
          ? await permissionGroups.create(target.org.id, input)
          : await permissionGroups.update(target.group.id, input),
      );
    } catch (e) {
      if (e instanceof DomainError && e.code === 'name_taken') {
        form.setFields([{ name: 'name', errors: [t('permissions.nameTaken')] }]);
      } else if (e instanceof DomainError && e.errors.length) {
        const rest = showFieldErrors(form, e, FIELDS);
        if (rest.length) setNotice(rest.join(' '));
      } else {
        setNotice(errorText(e, t('common.errorGeneric')));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={group ? t('permissions.editTitle') : t('permissions.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} name="permission-group">
        <Form.Item
          name="name"
          label={t('permissions.name')}
          rules={[
            { required: true, whitespace: true, message: t('permissions.nameRequired') },
            { max: 120, message: t('orgForm.nameTooLong') },
          ]}
        >
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="features" label={t('permissions.features')}>
          <Checkbox.Group>
            <Space direction="vertical">
              {FEATURES.map((f) => (
                <Checkbox key={f} value={f}>
                  {t(`features.${f}`)}
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="is_default" valuePropName="checked" extra={t('permissions.defaultHelp')}>
          <Checkbox>{t('permissions.makeDefault')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
