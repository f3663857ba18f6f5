import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, MailOutlined, SafetyOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { auth } from '../api/endpoints';
import type { SecondFactor } from '../api/types';
import { useI18n } from '../i18n';
import { preloadFrame } from '../layout/preload';
import { useSession } from './session';
import { AuthFrame } from './AuthFrame';

interface Values {
  email: string;
  password: string;
}

type Notice = { type: 'error' | 'info' | 'success'; text: string };

/**
 * Where the sign-in stands: the password form; with two-factor authentication, then the
 * "Continue to receive the PIN" screen, then the code form — for the emailed PIN, or, for an
 * admin who enrolled an authenticator app, its code or a recovery code.
 */
type Step =
  | { kind: 'password' }
  | { kind: 'send'; challenge: string; methods: string[] }
  | { kind: 'code'; challenge: string; methods: string[]; factor: SecondFactor };

const SIX_DIGITS = /^\d{6}$/;

export function LoginPage() {
  const { t } = useI18n();
  const { signIn, verifySecondFactor } = useSession();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [pinForm] = Form.useForm<{ pin: string }>();
  // Kept for the password form when the admin comes back to it from the PIN step.
  const [lastEmail, setLastEmail] = useState('');

  const describe = (e: unknown) => (e instanceof DomainError ? e.detail : t('common.errorGeneric'));

  /** The challenge is over (expired, used, too many PINs): start again from the password. */
  const restart = (text: string) => {
    setStep({ kind: 'password' });
    setNotice({ type: 'error', text });
  };

  // Where to go next is the router's business: the session state change redirects.
  const submit = async ({ email, password }: Values) => {
    setBusy(true);
    setNotice(null);
    setLastEmail(email.trim());
    try {
      preloadFrame(); // needed once signed in: load it while the password is checked
      const result = await signIn(email.trim(), password);
      if (result.two_factor_required && result.challenge) {
        setStep({ kind: 'send', challenge: result.challenge, methods: result.methods ?? ['email'] });
      }
    } catch (e) {
      setNotice({ type: 'error', text: describe(e) });
    } finally {
      setBusy(false);
    }
  };

  const sendPin = async (challenge: string, methods: string[], again: boolean) => {
    setBusy(true);
    setNotice(null);
    try {
      await auth.sendPin(challenge);
      pinForm.resetFields();
      setStep({ kind: 'code', challenge, methods, factor: 'pin' });
      setNotice({ type: 'info', text: t(again ? 'twoFactor.resent' : 'twoFactor.sent') });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'challenge_expired') restart(t('twoFactor.expired'));
      else setNotice({ type: 'error', text: describe(e) });
    } finally {
      setBusy(false);
    }
  };

  /** Another way to prove the second factor, on the same challenge. */
  const switchFactor = (challenge: string, methods: string[], factor: SecondFactor) => {
    pinForm.resetFields();
    setNotice(null);
    setStep({ kind: 'code', challenge, methods, factor });
  };

  const submitCode = async (challenge: string, factor: SecondFactor, value: string) => {
    setBusy(true);
    setNotice(null);
    try {
      await verifySecondFactor(challenge, factor, value.trim());
    } catch (e) {
      if (e instanceof DomainError && e.code === 'invalid_pin') {
        const left = e.problem.attempts_left;
        const wrong = factor === 'pin' ? 'twoFactor.wrongPin' : 'twoFactor.wrongCode';
        pinForm.setFields([
          {
            name: 'pin',
            errors: [typeof left === 'number' ? `${t(wrong)} ${t('twoFactor.attemptsLeft', { count: left })}` : t(wrong)],
          },
        ]);
      } else if (e instanceof DomainError && e.code === 'challenge_expired') {
        restart(t('twoFactor.expired'));
      } else {
        setNotice({ type: 'error', text: describe(e) });
      }
    } finally {
      setBusy(false);
    }
  };

  const noticeBox = notice && <Alert type={notice.type} message={notice.text} showIcon style={{ marginBottom: 16 }} role="alert" />;
  const backToSignIn = (
    <Button
      type="link"
      block
      onClick={() => {
        setStep({ kind: 'password' });
        setNotice(null);
      }}
    >
      {t('twoFactor.back')}
    </Button>
  );

  if (step.kind === 'send') {
    return (
      <AuthFrame title={t('twoFactor.title')}>
        {noticeBox}
        <Typography.Paragraph>{t('twoFactor.sendIntro')}</Typography.Paragraph>
        <Flex vertical gap={8}>
          <Button type="primary" block loading={busy} onClick={() => void sendPin(step.challenge, step.methods, false)} autoFocus>
            {t('twoFactor.continue')}
          </Button>
          {step.methods.includes('totp') && (
            <Button block onClick={() => switchFactor(step.challenge, step.methods, 'totp_code')}>
              {t('twoFactor.useApp')}
            </Button>
          )}
          {backToSignIn}
        </Flex>
      </AuthFrame>
    );
  }

  if (step.kind === 'code') {
    const { challenge, methods, factor } = step;
    const label = { pin: 'twoFactor.pin', totp_code: 'twoFactor.appCode', recovery_code: 'twoFactor.recoveryCode' } as const;
    const help = { pin: 'twoFactor.pinHelp', totp_code: 'twoFactor.appCodeHelp', recovery_code: 'twoFactor.recoveryHelp' } as const;
    const digits = factor !== 'recovery_code';
    return (
      <AuthFrame title={t('twoFactor.title')}>
        {noticeBox}
        <Form<{ pin: string }>
          form={pinForm}
          layout="vertical"
          requiredMark={false}
          disabled={busy}
          onFinish={({ pin }) => void submitCode(challenge, factor, pin)}
        >
          <Form.Item
            name="pin"
            label={t(label[factor])}
            extra={t(help[factor])}
            rules={
              digits
                ? [{ required: true, pattern: SIX_DIGITS, message: t('twoFactor.pinInvalid') }]
                : [{ required: true, whitespace: true, message: t('twoFactor.recoveryRequired') }]
            }
          >
            <Input
              prefix={<SafetyOutlined />}
              autoComplete="one-time-code"
              inputMode={digits ? 'numeric' : 'text'}
              maxLength={digits ? 6 : 64}
              autoFocus
            />
          </Form.Item>
          <Flex vertical gap={8}>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('twoFactor.continue')}
            </Button>
            {factor === 'pin' ? (
              <Button type="link" block onClick={() => void sendPin(challenge, methods, true)}>
                {t('twoFactor.resend')}
              </Button>
            ) : (
              <Button type="link" block onClick={() => void sendPin(challenge, methods, false)}>
                {t('twoFactor.useEmail')}
              </Button>
            )}
            {methods.includes('totp') && factor !== 'totp_code' && (
              <Button type="link" block onClick={() => switchFactor(challenge, methods, 'totp_code')}>
                {t('twoFactor.useApp')}
              </Button>
            )}
            {methods.includes('totp') && factor !== 'recovery_code' && (
              <Button type="link" block onClick={() => switchFactor(challenge, methods, 'recovery_code')}>
                {t('twoFactor.useRecovery')}
              </Button>
            )}
            {backToSignIn}
          </Flex>
        </Form>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('login.title')}>
      {noticeBox}
      <Form<Values>
        layout="vertical"
        onFinish={(v) => void submit(v)}
        requiredMark={false}
        disabled={busy}
        initialValues={{ email: lastEmail }}
      >
        <Form.Item
          name="email"
          label={t('login.email')}
          rules={[{ required: true, type: 'email', message: t('login.emailInvalid') }]}
        >
          <Input prefix={<MailOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('login.submit')}
        </Button>
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Link to="/forgot-password">{t('login.forgot')}</Link>
        </Flex>
      </Form>
    </AuthFrame>
  );
}
