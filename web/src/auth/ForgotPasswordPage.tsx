import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { MailOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { auth } from '../api/endpoints';
import { useI18n } from '../i18n';
import { AuthFrame } from './AuthFrame';

/**
 * "Forgot password?": asks for the email and always answers the same neutral message, so the
 * page never tells whether an administrator with that address exists.
 */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ email }: { email: string }) => {
    setBusy(true);
    setError(null);
    try {
      await auth.forgotPassword(email.trim());
      setSent(true);
    } catch (e) {
      setError(e instanceof DomainError ? e.detail : t('common.errorGeneric'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('forgot.title')}>
      {sent ? (
        <Alert type="success" showIcon message={t('forgot.sent')} role="status" style={{ marginBottom: 16 }} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('forgot.intro')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} />}
          <Form<{ email: string }> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} disabled={busy}>
            <Form.Item
              name="email"
              label={t('login.email')}
              rules={[{ required: true, type: 'email', message: t('login.emailInvalid') }]}
            >
              <Input prefix={<MailOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('forgot.submit')}
            </Button>
          </Form>
        </>
      )}
      <Flex justify="center" style={{ marginTop: 12 }}>
        <Link to="/sign-in">{t('forgot.backToSignIn')}</Link>
      </Flex>
    </AuthFrame>
  );
}
