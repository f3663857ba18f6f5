import { useEffect, useState } from 'react';
import { Alert, Button, Drawer, Flex, Form, Input, Typography } from 'antd';
import { DomainError } from '../api/client';
import { roles } from '../api/endpoints';
import type { Org, Privilege, Role } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n';
import { PrivilegeTree } from './PrivilegeTree';

export type RoleFormTarget = { kind: 'create'; org: Org } | { kind: 'edit'; role: Role } | { kind: 'view'; role: Role };

interface Values {
  name: string;
  privileges: string[];
}

const NAME_MAX = 120;

/** "Create A New Role", edit a role, or look at one the admin may not change (built-in ones). */
export function RoleFormDrawer({
  target,
  catalog,
  onClose,
  onSaved,
}: {
  target: RoleFormTarget | null;
  catalog: Privilege[];
  onClose: () => void;
  onSaved: (role: Role) => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const role = target && target.kind !== 'create' ? target.role : null;
  const readOnly = target?.kind === 'view';
  const original = new Set(role?.privileges ?? []);

  useEffect(() => {
    setNotice(null);
    form.resetFields();
    if (target) form.setFieldsValue({ name: role?.name ?? '', privileges: role?.privileges ?? [] });
  }, [target, role, form]);

  const submit = async (values: Values) => {
    if (!target || readOnly) return;
    if (values.privileges.length === 0) {
      setNotice(t('roles.nonePicked'));
      return;
    }
    setBusy(true);
    setNotice(null);
    const name = values.name.trim();
    try {
      const saved =
        target.kind === 'create'
          ? await roles.create(target.org.id, { name, privileges: values.privileges })
          : await roles.update(target.role.id, {
              ...(name !== target.role.name ? { name } : {}),
              privileges: values.privileges,
            });
      onSaved(saved);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === 'name_taken') {
        form.setFields([{ name: 'name', errors: [t('roles.nameTaken')] }]);
      } else if (e.status === 403) {
        setNotice(t('roles.escalation', { detail: e.detail }));
      } else {
        const nameErrors = e.errors.filter((f) => f.field === 'name').map((f) => f.message);
        if (nameErrors.length) form.setFields([{ name: 'name', errors: nameErrors }]);
        const rest = e.errors.filter((f) => f.field !== 'name').map((f) => `${f.field}: ${f.message}`);
        if (rest.length || !nameErrors.length) setNotice([e.detail, ...rest].join(' '));
      }
    } finally {
      setBusy(false);
    }
  };

  const title =
    target?.kind === 'create' ? t('roles.createTitle') : target?.kind === 'edit' ? t('roles.editTitle') : t('roles.viewTitle');

  return (
    <Drawer
      open={target !== null}
      title={title}
      width={960}
      onClose={onClose}
      destroyOnHidden
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
      {notice && <Alert type="error" showIcon message={notice} style={{ marginBottom: 16 }} role="alert" />}
      {role && (
        <Typography.Paragraph type="secondary">
          {t('roles.definedOn', { org: role.org_name })} · {t('roles.assigned', { count: role.admin_count })}
        </Typography.Paragraph>
      )}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} name="role-form">
        <Form.Item
          name="name"
          label={t('roles.name')}
          rules={[
            { required: true, whitespace: true, message: t('roles.nameRequired') },
            { max: NAME_MAX, message: t('orgForm.nameTooLong') },
          ]}
        >
          <Input maxLength={NAME_MAX} readOnly={readOnly} autoFocus={!readOnly} />
        </Form.Item>
        <Form.Item name="privileges" label={t('roles.privileges')} extra={readOnly ? undefined : t('roles.privilegesHelp')}>
          <PrivilegeTree catalog={catalog} readOnly={readOnly} grantable={(key) => can(key) || original.has(key)} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}
