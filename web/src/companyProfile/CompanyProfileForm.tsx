import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Form, Input } from 'antd';
import { DomainError } from '../api/client';
import { companyProfile } from '../api/endpoints';
import { COMPANY_PROFILE_FIELDS } from '../api/types';
import type { CompanyProfile } from '../api/types';
import { errorText, showFieldErrors } from '../common/formErrors';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { MAX_FIELD_LENGTH, formValues, profileChanges } from './profileForm';
import type { ProfileField, ProfileFormValues } from './profileForm';

export const FIELD_LABELS: Record<ProfileField, MessageKey> = {
  legal_name: 'companyProfile.legalName',
  address: 'companyProfile.address',
  phone: 'companyProfile.phone',
  contact_email: 'companyProfile.contactEmail',
};

/**
 * The text fields of the company profile, for an editor. Save sends only what changed; the
 * server's refusals show on their fields.
 */
export function CompanyProfileForm({ profile, onSaved }: { profile: CompanyProfile; onSaved: (saved: CompanyProfile) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProfileFormValues>();
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const values = Form.useWatch([], form) as ProfileFormValues | undefined;
  const changed = values ? Object.keys(profileChanges(profile, values)).length > 0 : false;

  // The form starts again from what the server holds whenever its text changes (not with the logo).
  const held = JSON.stringify(formValues(profile));
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(JSON.parse(held) as ProfileFormValues);
  }, [form, held]);

  const save = async (typed: ProfileFormValues) => {
    const changes = profileChanges(profile, typed);
    if (!Object.keys(changes).length) return;
    setSaving(true);
    setNotice(null);
    try {
      onSaved(await companyProfile.update(profile.org_id, changes));
      message.success(t('companyProfile.saved'));
    } catch (e) {
      if (e instanceof DomainError && e.errors.length) {
        const rest = showFieldErrors(
          form,
          e,
          COMPANY_PROFILE_FIELDS.map((f) => [f]),
        );
        setNotice(rest.length ? rest.join(' ') : null);
      } else {
        setNotice(errorText(e, t('common.errorGeneric')));
      }
    } finally {
      setSaving(false);
    }
  };

  const tooLong = { max: MAX_FIELD_LENGTH, message: t('companyProfile.tooLong', { max: MAX_FIELD_LENGTH }) };
  return (
    <Form form={form} layout="vertical" name="company-profile" onFinish={(v) => void save(v)} style={{ maxWidth: 640 }}>
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      <Form.Item name="legal_name" label={t(FIELD_LABELS.legal_name)} extra={t('companyProfile.legalNameHelp')} rules={[tooLong]}>
        <Input autoComplete="organization" />
      </Form.Item>
      <Form.Item name="address" label={t(FIELD_LABELS.address)} extra={t('companyProfile.emptyClears')} rules={[tooLong]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} autoComplete="street-address" />
      </Form.Item>
      <Form.Item name="phone" label={t(FIELD_LABELS.phone)} extra={t('companyProfile.emptyClears')} rules={[tooLong]}>
        <Input autoComplete="tel" />
      </Form.Item>
      {/* The address is judged by the server, whose rule is the one that counts. */}
      <Form.Item
        name="contact_email"
        label={t(FIELD_LABELS.contact_email)}
        extra={t('companyProfile.emptyClears')}
        rules={[tooLong]}
      >
        <Input inputMode="email" autoComplete="email" />
      </Form.Item>
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" loading={saving} disabled={!changed}>
          {t('common.save')}
        </Button>
        {changed && (
          <Button
            onClick={() => {
              form.resetFields();
              form.setFieldsValue(formValues(profile));
              setNotice(null);
            }}
          >
            {t('common.cancel')}
          </Button>
        )}
      </Flex>
    </Form>
  );
}
