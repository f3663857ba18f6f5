import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Col, Divider, Drawer, Flex, Form, Input, Row, Select, Space, Tabs, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { admins, roles as rolesApi } from '../api/endpoints';
import type { Address, AdminChanges, AdminRecord, Language, Org, Role } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { ADDRESS_PARTS, AddressFields, E164, addressOf, addressValues } from '../common/AddressFields';
import type { AddressValues } from '../common/AddressFields';
import { LanguageSelect } from '../common/LanguageSelect';
import { KEEP_PHOTO, PhotoPicker, applyPhotoChange } from '../common/PhotoPicker';
import type { PhotoChange } from '../common/PhotoPicker';
import { TimeZoneSelect } from '../common/TimeZoneSelect';
import { errorText, showFieldErrors } from '../common/formErrors';
import { useI18n } from '../i18n';

export type AdminFormTarget =
  { kind: 'create-admin'; org: Org } | { kind: 'create-api-user'; org: Org } | { kind: 'edit'; admin: AdminRecord };

interface Values {
  first_name: string;
  last_name: string;
  email: string;
  role_id?: string;
  device_number?: string;
  timezone?: string;
  language?: Language;
  external_applications?: string[];
  address: AddressValues;
}

const FIELDS = [
  ['first_name'],
  ['last_name'],
  ['email'],
  ['role_id'],
  ['device_number'],
  ['timezone'],
  ['language'],
  ['external_applications'],
  ...ADDRESS_PARTS.map((p) => ['address', p]),
];
/** The applications the seed names; custom ones are typed in. */
export const KNOWN_APPLICATIONS = ['HttpApi', 'SalesForce'];
/** The seed's "None" among the external applications: saved as an empty list. */
const NO_APPLICATION = '\u0000none';

/** None excludes the applications and an application excludes None, whichever was picked last. */
function exclusiveNone(value: string[], previous: string[] = []): string[] {
  const picked = value.filter((v) => !previous.includes(v));
  return picked.includes(NO_APPLICATION) ? [NO_APPLICATION] : value.filter((v) => v !== NO_APPLICATION);
}
const applicationsOf = (values: Values) =>
  (values.external_applications ?? [])
    .filter((a) => a !== NO_APPLICATION)
    .map((a) => a.trim())
    .filter(Boolean);

const sameAddress = (a: Address, b: Address | null) => ADDRESS_PARTS.every((p) => (a[p] ?? null) === (b?.[p] ?? null));
const API_USER_ROLE = 'API User';

export const isApiUserRole = (role: Role) => role.built_in && role.name === API_USER_ROLE;

/**
 * "Add New Administrator", "Add API User" and the edit form with its suspension switches and
 * Delete. Saving creates or changes the admin; the suspensions apply at once, after a confirmation.
 */
export function AdminFormDrawer({
  target,
  onClose,
  onSaved,
  onChanged,
  onDelete,
}: {
  target: AdminFormTarget | null;
  onClose: () => void;
  onSaved: (admin: AdminRecord, created: boolean) => void;
  /** A suspension changed (the list shows it). */
  onChanged: (admin: AdminRecord) => void;
  onDelete: (admin: AdminRecord) => void;
}) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const { can } = useSession();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [roleOptions, setRoleOptions] = useState<Role[]>([]);
  const [current, setCurrent] = useState<AdminRecord | null>(null);
  const [photo, setPhoto] = useState<PhotoChange>(KEEP_PHOTO);
  const [tab, setTab] = useState('personal');

  const editing = target?.kind === 'edit' ? target.admin : null;
  const apiUser = target?.kind === 'create-api-user' || editing?.kind === 'api_user';
  const self = editing?.id === me.admin.id;
  const orgId = target?.kind === 'edit' ? target.admin.org_id : target?.org.id;
  const orgName = target?.kind === 'edit' ? target.admin.org_name : target?.org.name;

  useEffect(() => {
    setNotice(null);
    form.resetFields();
    setCurrent(editing);
    setPhoto(KEEP_PHOTO);
    setTab('personal');
    if (!target) return;
    if (editing) {
      form.setFieldsValue({
        first_name: editing.first_name,
        last_name: editing.last_name,
        email: editing.email,
        role_id: editing.role_id,
        device_number: editing.device_number ?? '',
        timezone: editing.timezone ?? undefined,
        language: editing.language ?? undefined,
        external_applications: editing.external_applications.length ? editing.external_applications : [NO_APPLICATION],
        address: addressValues(editing.address),
      });
    }
  }, [target, editing, form]);

  // The roles usable in the admin's organization (API users always hold "API User").
  useEffect(() => {
    setRoleOptions([]);
    if (!orgId || apiUser || !(can('roles') || can('administrators'))) return;
    let live = true;
    rolesApi
      .list(orgId)
      .then(({ items }) => live && setRoleOptions(items.filter((r) => !isApiUserRole(r))))
      .catch((e: unknown) => live && setNotice(errorText(e, t('common.errorGeneric'))));
    return () => {
      live = false;
    };
  }, [orgId, apiUser, can, t]);

  const submit = async (values: Values) => {
    if (!target || !orgId) return;
    setBusy(true);
    setNotice(null);
    const device = values.device_number?.trim() ?? '';
    try {
      let saved: AdminRecord;
      if (target.kind === 'create-admin') {
        saved = await admins.invite(orgId, {
          first_name: values.first_name.trim(),
          last_name: values.last_name.trim(),
          email: values.email.trim(),
          role_id: values.role_id ?? '',
          ...(device ? { device_number: device } : {}),
          ...(values.timezone ? { timezone: values.timezone } : {}),
          ...(values.language ? { language: values.language } : {}),
          address: addressOf(values.address),
        });
      } else if (target.kind === 'create-api-user') {
        saved = await admins.createApiUser(orgId, {
          first_name: values.first_name.trim(),
          last_name: values.last_name.trim(),
          email: values.email.trim(),
          external_applications: applicationsOf(values),
        });
      } else {
        const before = target.admin;
        const changes: AdminChanges = {};
        if (values.first_name.trim() !== before.first_name) changes.first_name = values.first_name.trim();
        if (values.last_name.trim() !== before.last_name) changes.last_name = values.last_name.trim();
        if (device !== (before.device_number ?? '')) changes.device_number = device || null;
        if (values.timezone && values.timezone !== before.timezone) changes.timezone = values.timezone;
        if (values.language && values.language !== before.language) changes.language = values.language;
        if (!apiUser && values.role_id && values.role_id !== before.role_id) changes.role_id = values.role_id;
        if (apiUser) {
          const apps = applicationsOf(values);
          if (apps.join('\n') !== before.external_applications.join('\n')) changes.external_applications = apps;
        } else if (!sameAddress(addressOf(values.address), before.address)) {
          changes.address = addressOf(values.address);
        }
        saved = Object.keys(changes).length ? await admins.update(before.id, changes) : before;
      }
      // The photo goes once the administrator exists; a refused one leaves the rest saved.
      try {
        saved = await applyPhotoChange(saved.id, photo, saved);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        if (target.kind !== 'edit') {
          onSaved(saved, true);
          message.error(t('photo.refused', { detail: e.detail }), 8);
        } else {
          setCurrent(saved);
          onChanged(saved);
          setNotice(t('photo.refused', { detail: e.detail }));
        }
        return;
      }
      onSaved(saved, target.kind !== 'edit');
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === 'email_taken') {
        form.setFields([{ name: 'email', errors: [t('admins.emailTaken')] }]);
      } else if (e.status === 403) {
        setNotice(t('admins.roleTooBig', { detail: e.detail }));
      } else {
        const unmatched = showFieldErrors(form, e, FIELDS);
        // Errors only in the address: show the tab that has them.
        if (e.errors.length > 0 && e.errors.every((f) => f.field.startsWith('address'))) setTab('address');
        // "external_applications[1]" belongs to the tags field.
        const apps = unmatched.filter((m) => m.startsWith('external_applications'));
        if (apps.length) form.setFields([{ name: 'external_applications', errors: apps }]);
        const rest = unmatched.filter((m) => !m.startsWith('external_applications'));
        if (e.errors.length === 0 || rest.length > 0) setNotice([e.detail, ...rest].join(' '));
      }
    } finally {
      setBusy(false);
    }
  };

  /** A suspension switch: confirm, then PATCH at once. */
  const setSuspension = (field: 'login_suspended' | 'account_suspended', value: boolean) => {
    if (!current) return;
    const name = `${current.first_name} ${current.last_name}`;
    modal.confirm({
      title: t('common.confirm'),
      content: t(`admins.${field === 'login_suspended' ? 'login' : 'account'}${value ? 'Suspend' : 'Resume'}Confirm`, { name }),
      okText: t('common.yes'),
      cancelText: t('common.no'),
      okButtonProps: { danger: value },
      onOk: async () => {
        try {
          const saved = await admins.update(current.id, { [field]: value });
          setCurrent(saved);
          onChanged(saved);
          message.success(t('admins.statusSaved', { name }));
        } catch (e) {
          message.error(errorText(e, t('common.errorGeneric')));
        }
      },
    });
  };

  const title =
    target?.kind === 'create-admin'
      ? t('admins.addAdmin')
      : target?.kind === 'create-api-user'
        ? t('admins.addApiUser')
        : apiUser
          ? t('admins.editApiUser')
          : t('admins.editAdmin');

  const canManage = !editing || can(apiUser ? 'api_users' : 'administrators');

  const personalFields = (
    <Row gutter={16}>
      <Col xs={24} sm={12}>
        <Form.Item
          name="first_name"
          label={t('profile.firstName')}
          rules={[{ required: true, whitespace: true, message: t('admins.firstNameRequired') }]}
        >
          <Input maxLength={100} autoFocus={!editing} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item label={t('admins.organization')} htmlFor="admin-form-organization">
          <Input id="admin-form-organization" value={orgName} disabled />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name="last_name"
          label={t('profile.lastName')}
          rules={[{ required: true, whitespace: true, message: t('admins.lastNameRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        {apiUser ? (
          <Form.Item label={t('admins.role')} htmlFor="admin-form-role">
            <Input id="admin-form-role" value={editing?.role_name ?? API_USER_ROLE} disabled />
          </Form.Item>
        ) : (
          <Form.Item
            name="role_id"
            label={t('admins.role')}
            rules={[{ required: true, message: t('admins.roleRequired') }]}
            extra={self ? t('admins.ownRole') : undefined}
          >
            <Select
              disabled={self}
              showSearch
              optionFilterProp="label"
              loading={roleOptions.length === 0}
              options={roleOptions.map((r) => {
                const grantable = r.privileges.every(can);
                return {
                  value: r.id,
                  label: r.name,
                  disabled: !grantable,
                  title: grantable ? r.name : t('admins.roleNotGrantable'),
                };
              })}
            />
          </Form.Item>
        )}
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name="email"
          label={t('profile.email')}
          rules={[{ required: true, type: 'email', message: t('login.emailInvalid') }]}
        >
          <Input disabled={!!editing} autoComplete="off" />
        </Form.Item>
      </Col>
      {!apiUser && (
        <Col xs={24} sm={12}>
          <Form.Item
            name="device_number"
            label={t('profile.deviceNumber')}
            rules={[{ pattern: E164, message: t('profile.deviceInvalid') }]}
          >
            <Input placeholder="+14155550123" />
          </Form.Item>
        </Col>
      )}
      {!apiUser && (
        <Col xs={24} sm={12}>
          <Form.Item name="timezone" label={t('profile.timezone')}>
            <TimeZoneSelect allowClear placeholder={t('admins.orgDefault')} />
          </Form.Item>
        </Col>
      )}
      {!apiUser && (
        <Col xs={24} sm={12}>
          <Form.Item name="language" label={t('profile.language')}>
            <LanguageSelect allowClear placeholder={t('admins.orgDefault')} />
          </Form.Item>
        </Col>
      )}
      {apiUser && (
        <Col xs={24}>
          <Form.Item
            name="external_applications"
            label={t('admins.externalApps')}
            extra={t('admins.externalAppsHelp')}
            rules={[{ required: true, type: 'array', min: 1, message: t('admins.externalAppsRequired') }]}
            normalize={exclusiveNone}
          >
            <Select
              mode="tags"
              options={[
                { value: NO_APPLICATION, label: t('admins.noApplication') },
                ...KNOWN_APPLICATIONS.map((a) => ({ value: a, label: a })),
              ]}
              tokenSeparators={[',']}
              data-testid="external-applications"
            />
          </Form.Item>
        </Col>
      )}
    </Row>
  );

  const addressFields = <AddressFields own={false} maxLength={200} />;

  return (
    <Drawer
      open={target !== null}
      title={title}
      width={720}
      onClose={onClose}
      destroyOnHidden
      forceRender
      footer={
        <Flex justify="space-between" gap={8}>
          <div>
            {current && canManage && !self && (
              <Button danger icon={<DeleteOutlined />} onClick={() => onDelete(current)}>
                {t('common.delete')}
              </Button>
            )}
          </div>
          <Space>
            <Button onClick={onClose}>{t('common.close')}</Button>
            <Button type="primary" loading={busy} disabled={!canManage} onClick={() => form.submit()}>
              {t('common.save')}
            </Button>
          </Space>
        </Flex>
      }
    >
      {notice && <Alert type="error" showIcon message={notice} style={{ marginBottom: 16 }} role="alert" />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy || !canManage} name="admin-form">
        {apiUser ? (
          <>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('profile.personal')}
            </Typography.Title>
            {personalFields}
          </>
        ) : (
          // The seed's "Personal Details | Address" tabs; both stay rendered, so the form holds every field.
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'personal',
                label: t('profile.personal'),
                forceRender: true,
                children: (
                  <>
                    <Form.Item label={t('photo.label')}>
                      <PhotoPicker
                        current={current?.photo_url}
                        change={photo}
                        onChange={setPhoto}
                        name={current ? `${current.first_name} ${current.last_name}` : t('admins.addAdmin')}
                        disabled={busy || !canManage}
                      />
                    </Form.Item>
                    {personalFields}
                  </>
                ),
              },
              { key: 'address', label: t('profile.address'), forceRender: true, children: addressFields },
            ]}
          />
        )}
        <button type="submit" hidden />
      </Form>
      {current && (
        <>
          <Divider />
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('admins.status')}
          </Typography.Title>
          {self && <Typography.Paragraph type="secondary">{t('admins.ownStatus')}</Typography.Paragraph>}
          <Flex vertical gap={8}>
            <Checkbox
              checked={current.login_suspended}
              disabled={self || !canManage}
              onChange={(e) => setSuspension('login_suspended', e.target.checked)}
            >
              {t('admins.loginSuspended')}
              <Typography.Text type="secondary"> — {t('admins.loginSuspendedHelp')}</Typography.Text>
            </Checkbox>
            <Checkbox
              checked={current.account_suspended}
              disabled={self || !canManage}
              onChange={(e) => setSuspension('account_suspended', e.target.checked)}
            >
              {t('admins.accountSuspended')}
              <Typography.Text type="secondary"> — {t('admins.accountSuspendedHelp')}</Typography.Text>
            </Checkbox>
          </Flex>
        </>
      )}
    </Drawer>
  );
}
