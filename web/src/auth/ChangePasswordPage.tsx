import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Typography } from 'antd';
import { DomainError } from '../api/client';
import { auth } from '../api/endpoints';
import { showFieldErrors } from '../common/formErrors';
import { useI18n } from '../i18n';
import { useSession } from './session';
import { AuthFrame } from './AuthFrame';
import { NewPasswordFields } from './NewPasswordFields';

interface Values {
  current_password: string;
  new_password: string;
  confirm: string;
}

const FIELDS = [['current_password'], ['new_password']];

/** The forced first step after signing in with a generated password. */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { state, refresh, signOut } = useSession();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const email = state.status === 'password_change' ? state.admin?.email : undefined;

  const submit = async (values: Values) => {
    setBusy(true);
    setNotice(null);
    try {
      await auth.changePassword(values.current_password, values.new_password);
      message.success(t('password.changed'));
      await refresh();
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const unmatched = showFieldErrors(form, e, FIELDS);
      if (e.errors.length === 0 || unmatched.length > 0) {
        setNotice([e.detail, ...unmatched].join(' '));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('password.title')}>
      <Typography.Paragraph type="secondary">{t('password.intro')}</Typography.Paragraph>
      {notice && <Alert type="error" message={notice} showIcon style={{ marginBottom: 16 }} role="alert" />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} disabled={busy}>
        {/* For password managers: which account this password belongs to. */}
        <input type="hidden" name="username" autoComplete="username" value={email ?? ''} readOnly />
        <Form.Item
          name="current_password"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <NewPasswordFields />
        <Flex vertical gap={8}>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('password.submit')}
          </Button>
          <Button type="link" block onClick={() => void signOut()}>
            {t('password.signOut')}
          </Button>
        </Flex>
      </Form>
    </AuthFrame>
  );
}
