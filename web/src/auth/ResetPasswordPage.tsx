import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Flex, Form, Result } from 'antd';
import { DomainError } from '../api/client';
import { auth } from '../api/endpoints';
import { showFieldErrors } from '../common/formErrors';
import { useI18n } from '../i18n';
import { AuthFrame } from './AuthFrame';
import { NewPasswordFields } from './NewPasswordFields';

interface Values {
  new_password: string;
  confirm: string;
}

/** The page the emailed reset link opens: `/reset-password?token=…`. */
export function ResetPasswordPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<'done' | 'invalid' | null>(token ? null : 'invalid');
  const [notice, setNotice] = useState<string | null>(null);

  const submit = async (values: Values) => {
    setBusy(true);
    setNotice(null);
    try {
      await auth.resetPassword(token, values.new_password);
      setOutcome('done');
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === 'invalid_token') {
        setOutcome('invalid');
      } else {
        const unmatched = showFieldErrors(form, e, [['new_password']]);
        if (e.errors.length === 0 || unmatched.length > 0) setNotice([e.detail, ...unmatched].join(' '));
      }
    } finally {
      setBusy(false);
    }
  };

  if (outcome === 'done') {
    return (
      <AuthFrame title={t('reset.title')}>
        <Result
          status="success"
          title={t('reset.done')}
          extra={
            <Link to="/sign-in">
              <Button type="primary">{t('login.submit')}</Button>
            </Link>
          }
        />
      </AuthFrame>
    );
  }
  if (outcome === 'invalid') {
    return (
      <AuthFrame title={t('reset.title')}>
        <Alert type="error" showIcon message={t('reset.invalid')} role="alert" style={{ marginBottom: 16 }} />
        <Flex vertical align="center" gap={8}>
          <Link to="/forgot-password">{t('reset.requestNew')}</Link>
          <Link to="/sign-in">{t('forgot.backToSignIn')}</Link>
        </Flex>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('reset.title')}>
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} disabled={busy}>
        <NewPasswordFields autoFocus />
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('reset.submit')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
