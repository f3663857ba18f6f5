import { useState } from 'react';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Typography } from 'antd';
import { DomainError } from '../api/client';
import { auth } from '../api/endpoints';
import type { Admin, Language, ProfileChanges } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { ADDRESS_PARTS, AddressFields, E164, addressOf, addressValues } from '../common/AddressFields';
import type { AddressValues } from '../common/AddressFields';
import { LanguageSelect } from '../common/LanguageSelect';
import { KEEP_PHOTO, PhotoPicker, applyPhotoChange } from '../common/PhotoPicker';
import type { PhotoChange } from '../common/PhotoPicker';
import { TimeZoneSelect } from '../common/TimeZoneSelect';
import { showFieldErrors } from '../common/formErrors';
import { isLanguage, loadLanguage, translator, useI18n } from '../i18n';

interface Values {
  first_name: string;
  last_name: string;
  email: string;
  device_number?: string;
  timezone?: string | null;
  language?: Language | null;
  address: AddressValues;
}

const FIELDS = [
  ['first_name'],
  ['last_name'],
  ['email'],
  ['device_number'],
  ['timezone'],
  ['language'],
  ...ADDRESS_PARTS.map((p) => ['address', p]),
];

function toValues(admin: Admin): Values {
  return {
    first_name: admin.first_name,
    last_name: admin.last_name,
    email: admin.email,
    device_number: admin.device_number ?? '',
    timezone: admin.timezone ?? undefined,
    language: admin.language ?? undefined,
    address: addressValues(admin.address),
  };
}

/** Trimmed text, or null for an empty field (the API's "not set"). */
const orNull = (value: string | null | undefined) => (value && value.trim() ? value.trim() : null);

/** "My Profile": the signed-in admin's own details. */
export function ProfilePage() {
  const { t, setLanguage } = useI18n();
  const { message } = App.useApp();
  const { setAdmin } = useSession();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [photo, setPhoto] = useState<PhotoChange>(KEEP_PHOTO);

  const submit = async (values: Values) => {
    setBusy(true);
    setNotice(null);
    const changes: ProfileChanges = {
      first_name: values.first_name.trim(),
      last_name: values.last_name.trim(),
      device_number: orNull(values.device_number),
      // Left empty, the admin keeps what they have (the API has no "unset" for these).
      ...(values.timezone ? { timezone: values.timezone } : {}),
      ...(values.language ? { language: values.language } : {}),
      address: addressOf(values.address),
    };
    try {
      let admin: Admin = await auth.updateProfile(changes);
      // The photo after the rest: a refused one leaves the profile saved and says why.
      try {
        admin = await applyPhotoChange(admin.id, photo, admin);
        setPhoto(KEEP_PHOTO);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        setAdmin(admin);
        setNotice(t('photo.refused', { detail: e.detail }));
        return;
      }
      setAdmin(admin);
      form.setFieldsValue(toValues(admin));
      if (isLanguage(admin.language)) {
        const language = admin.language;
        setLanguage(language);
        void loadLanguage(language).then(() => message.success(translator(language)('profile.saved')));
      } else {
        message.success(t('profile.saved'));
      }
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const unmatched = showFieldErrors(form, e, FIELDS);
      if (e.errors.length === 0 || unmatched.length > 0) setNotice([e.detail, ...unmatched].join(' '));
      else setNotice(t('common.fixErrors'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={toValues(me.admin)}
      onFinish={(v) => void submit(v)}
      disabled={busy}
      name="profile"
    >
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('profile.title')}
        </Typography.Title>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.save')}
        </Button>
      </Flex>
      {notice && <Alert type="error" showIcon message={notice} style={{ marginBottom: 16 }} role="alert" />}
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={12}>
          <Card title={t('profile.personal')}>
            <Form.Item label={t('photo.label')}>
              <PhotoPicker
                current={me.admin.photo_url}
                change={photo}
                onChange={setPhoto}
                name={`${me.admin.first_name} ${me.admin.last_name}`}
                disabled={busy}
              />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="first_name"
                  label={t('profile.firstName')}
                  rules={[{ required: true, whitespace: true, message: t('profile.firstNameRequired') }]}
                >
                  <Input autoComplete="given-name" maxLength={100} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="last_name"
                  label={t('profile.lastName')}
                  rules={[{ required: true, whitespace: true, message: t('profile.lastNameRequired') }]}
                >
                  <Input autoComplete="family-name" maxLength={100} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="email" label={t('profile.email')}>
              <Input readOnly disabled />
            </Form.Item>
            <Form.Item
              name="device_number"
              label={t('profile.deviceNumber')}
              rules={[{ pattern: E164, message: t('profile.deviceInvalid') }]}
            >
              <Input autoComplete="tel" placeholder="+14155550123" />
            </Form.Item>
            <Form.Item name="timezone" label={t('profile.timezone')}>
              <TimeZoneSelect />
            </Form.Item>
            <Form.Item name="language" label={t('profile.language')}>
              <LanguageSelect />
            </Form.Item>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('profile.address')}>
            <AddressFields own />
          </Card>
        </Col>
      </Row>
    </Form>
  );
}
