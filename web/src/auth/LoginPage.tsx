import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { useSession } from './session';
import { AuthFrame } from './AuthFrame';

interface Values {
  email: string;
  password: string;
}

export function LoginPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ type: 'error' | 'info'; text: string } | null>(null);

  // Where to go next is the router's business: the session state change redirects.
  const submit = async ({ email, password }: Values) => {
    setBusy(true);
    setNotice(null);
    try {
      const result = await signIn(email.trim(), password);
      if (result.two_factor_required) setNotice({ type: 'info', text: t('login.twoFactor') });
    } catch (e) {
      setNotice({ type: 'error', text: e instanceof ApiError ? e.detail : t('common.errorGeneric') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('login.title')}>
      {notice && (
        <Alert type={notice.type} message={notice.text} showIcon style={{ marginBottom: 16 }} role="alert" />
      )}
      <Form<Values> layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
        <Form.Item
          name="email"
          label={t('login.email')}
          rules={[{ required: true, type: 'email', message: t('login.emailInvalid') }]}
        >
          <Input prefix={<MailOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('login.passwordRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('login.submit')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
