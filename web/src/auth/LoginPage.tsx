import { useEffect, useRef, useState } from 'react';
import type { ButtonHTMLAttributes, ChangeEvent, FormEvent, InputHTMLAttributes, ReactNode } from 'react';
import { Link } from 'react-router';
import { DomainError } from '../api/client';
import { auth } from '../api/endpoints';
import type { SecondFactor } from '../api/types';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { loadDashboardPage } from '../dashboard/preload';
import { preloadFrame } from '../layout/preload';
import { useSession } from './session';
import { AuthFrame } from './AuthFrame';
import { Icon } from './icons';
import type { IconName } from './icons';

// The sign-in page is plain React, HTML and CSS (src/auth/auth.css) in Ant Design's look: it is
// the portal's first load, and Ant Design's runtime took most of its time (docs/decisions.md,
// "Portal"; docs/performance.md, "First load"). Nothing here may import antd or @ant-design/*.

/** A message above the form: the server's own words, or one of the portal's texts. */
type Notice = { type: 'error' | 'info'; text?: string; key?: MessageKey };

/** What is wrong with a field, shown under it: a text, and the attempts left after a wrong code. */
type FieldError = { key: MessageKey; attemptsLeft?: number };
type FieldName = 'email' | 'password' | 'code';
type FieldErrors = Partial<Record<FieldName, FieldError>>;
const FIELD_ID: Record<FieldName, string> = { email: 'email', password: 'password', code: 'pin' };

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
// An email address as Ant Design's form checked it before (async-validator's `type: 'email'`).
const EMAIL =
  /^(([^<>()[\]\\.,;:\s@"]+(\.[^<>()[\]\\.,;:\s@"]+)*)|(".+"))@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}])|(([a-zA-Z\-0-9\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+\.)+[a-zA-Z\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]{2,}))$/;

const CODE_LABEL = { pin: 'twoFactor.pin', totp_code: 'twoFactor.appCode', recovery_code: 'twoFactor.recoveryCode' } as const;
const CODE_HELP = { pin: 'twoFactor.pinHelp', totp_code: 'twoFactor.appCodeHelp', recovery_code: 'twoFactor.recoveryHelp' } as const;

/** What is wrong with a field's value (the rules the form always had), or null. */
function problem(name: FieldName, value: string, factor: SecondFactor | undefined): FieldError | null {
  switch (name) {
    case 'email': {
      const email = value.trim();
      return email.length <= 320 && EMAIL.test(email) ? null : { key: 'login.emailInvalid' };
    }
    case 'password':
      return value ? null : { key: 'login.passwordRequired' };
    case 'code':
      if (factor === 'recovery_code') return value.trim() ? null : { key: 'twoFactor.recoveryRequired' };
      return SIX_DIGITS.test(value) ? null : { key: 'twoFactor.pinInvalid' };
  }
}

export function LoginPage() {
  const { t } = useI18n();
  const { signIn, verifySecondFactor } = useSession();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [values, setValues] = useState<Record<FieldName, string>>({ email: '', password: '', code: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [passwordShown, setPasswordShown] = useState(false);
  const factor = step.kind === 'code' ? step.factor : undefined;

  // While a request runs, the buttons are disabled (and the fields read-only). Focus then comes
  // back to where it was, or to the field that a wrong code was typed in.
  const focusBack = useRef<Element | null>(null);
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (busy) return;
    const back = focusBack.current;
    focusBack.current = null;
    const next = focusNext.current && document.getElementById(focusNext.current);
    focusNext.current = null;
    if (next) next.focus();
    else if (back instanceof HTMLElement && back.isConnected && document.activeElement === document.body) back.focus();
  }, [busy]);

  const start = () => {
    focusBack.current = document.activeElement;
    setBusy(true);
    setNotice(null);
  };

  const describe = (e: unknown): Notice =>
    e instanceof DomainError ? { type: 'error', text: e.detail } : { type: 'error', key: 'common.errorGeneric' };

  // Once the admin types (or the browser fills the form in), the signed-in frame's code and the
  // Dashboard's (where most admins land) load meanwhile, so the portal opens at once after "Sign
  // in". Never before: the form itself does not wait for them (docs/performance.md, "First load").
  const typing = useRef(false);
  const change = (name: FieldName) => (e: ChangeEvent<HTMLInputElement>) => {
    if (!typing.current) {
      typing.current = true;
      preloadFrame();
      void loadDashboardPage();
    }
    const value = e.target.value;
    setValues((v) => ({ ...v, [name]: value }));
    // A field that shows an error is checked again as it is corrected.
    if (errors[name]) setErrors((es) => ({ ...es, [name]: problem(name, value, factor) ?? undefined }));
  };

  /** Checks the fields; shows what is wrong under each and focuses the first wrong one. */
  const validate = (names: FieldName[]) => {
    const found: FieldErrors = {};
    for (const name of names) found[name] = problem(name, values[name], factor) ?? undefined;
    setErrors(found);
    const first = names.find((name) => found[name]);
    if (first) document.getElementById(FIELD_ID[first])?.focus();
    return !first;
  };

  const showStep = (next: Step) => {
    setStep(next);
    setErrors({});
    setValues((v) => ({ ...v, password: next.kind === 'password' ? '' : v.password, code: '' }));
  };

  /** The challenge is over (expired, used, too many PINs): start again from the password. */
  const restart = (key: MessageKey) => {
    showStep({ kind: 'password' });
    setNotice({ type: 'error', key });
  };

  // Where to go next is the router's business: the session state change redirects.
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !validate(['email', 'password'])) return;
    start();
    try {
      preloadFrame(); // needed once signed in: load it while the password is checked
      const result = await signIn(values.email.trim(), values.password);
      if (result.two_factor_required && result.challenge) {
        showStep({ kind: 'send', challenge: result.challenge, methods: result.methods ?? ['email'] });
      }
    } catch (e) {
      setNotice(describe(e));
    } finally {
      setBusy(false);
    }
  };

  const sendPin = async (challenge: string, methods: string[], again: boolean) => {
    start();
    try {
      await auth.sendPin(challenge);
      showStep({ kind: 'code', challenge, methods, factor: 'pin' });
      setNotice({ type: 'info', key: again ? 'twoFactor.resent' : 'twoFactor.sent' });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'challenge_expired') restart('twoFactor.expired');
      else setNotice(describe(e));
    } finally {
      setBusy(false);
    }
  };

  /** Another way to prove the second factor, on the same challenge. */
  const switchFactor = (challenge: string, methods: string[], next: SecondFactor) => {
    setNotice(null);
    showStep({ kind: 'code', challenge, methods, factor: next });
  };

  const submitCode = async (event: FormEvent, challenge: string, codeFactor: SecondFactor) => {
    event.preventDefault();
    if (busy || !validate(['code'])) return;
    start();
    try {
      await verifySecondFactor(challenge, codeFactor, values.code.trim());
    } catch (e) {
      if (e instanceof DomainError && e.code === 'invalid_pin') {
        const left = e.problem.attempts_left;
        const key = codeFactor === 'pin' ? 'twoFactor.wrongPin' : 'twoFactor.wrongCode';
        setErrors({ code: { key, attemptsLeft: typeof left === 'number' ? left : undefined } });
        focusNext.current = FIELD_ID.code;
      } else if (e instanceof DomainError && e.code === 'challenge_expired') {
        restart('twoFactor.expired');
      } else {
        setNotice(describe(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const errorText = (name: FieldName) => {
    const error = errors[name];
    if (!error) return undefined;
    const left = error.attemptsLeft;
    return left === undefined ? t(error.key) : `${t(error.key)} ${t('twoFactor.attemptsLeft', { count: left })}`;
  };

  const noticeBox = notice && (
    <div className={`lp-alert lp-alert-${notice.type}`} role="alert">
      <Icon name={notice.type} className="lp-alert-icon" />
      <span>{notice.key ? t(notice.key) : notice.text}</span>
    </div>
  );
  const backToSignIn = (
    <Button
      kind="link"
      disabled={busy}
      onClick={() => {
        showStep({ kind: 'password' });
        setNotice(null);
      }}
    >
      {t('twoFactor.back')}
    </Button>
  );

  if (step.kind === 'send') {
    const { challenge, methods } = step;
    return (
      <AuthFrame title={t('twoFactor.title')}>
        {noticeBox}
        <p className="lp-paragraph">{t('twoFactor.sendIntro')}</p>
        <div className="lp-stack">
          <Button kind="primary" busy={busy} onClick={() => void sendPin(challenge, methods, false)} autoFocus>
            {t('twoFactor.continue')}
          </Button>
          {methods.includes('totp') && (
            <Button disabled={busy} onClick={() => switchFactor(challenge, methods, 'totp_code')}>
              {t('twoFactor.useApp')}
            </Button>
          )}
          {backToSignIn}
        </div>
      </AuthFrame>
    );
  }

  if (step.kind === 'code') {
    const { challenge, methods } = step;
    const codeFactor = step.factor;
    const digits = codeFactor !== 'recovery_code';
    return (
      <AuthFrame title={t('twoFactor.title')}>
        {noticeBox}
        <form noValidate onSubmit={(e) => void submitCode(e, challenge, codeFactor)}>
          <Field
            // A new field for each way: it takes the focus, empty.
            key={codeFactor}
            id={FIELD_ID.code}
            label={t(CODE_LABEL[codeFactor])}
            help={t(CODE_HELP[codeFactor])}
            error={errorText('code')}
            icon="safety"
            value={values.code}
            onChange={change('code')}
            readOnly={busy}
            autoComplete="one-time-code"
            inputMode={digits ? 'numeric' : 'text'}
            maxLength={digits ? 6 : 64}
            spellCheck={false}
            autoCapitalize="off"
            autoFocus
          />
          <div className="lp-stack">
            <Button kind="primary" type="submit" busy={busy}>
              {t('twoFactor.continue')}
            </Button>
            {codeFactor === 'pin' ? (
              <Button kind="link" disabled={busy} onClick={() => void sendPin(challenge, methods, true)}>
                {t('twoFactor.resend')}
              </Button>
            ) : (
              <Button kind="link" disabled={busy} onClick={() => void sendPin(challenge, methods, false)}>
                {t('twoFactor.useEmail')}
              </Button>
            )}
            {methods.includes('totp') && codeFactor !== 'totp_code' && (
              <Button kind="link" disabled={busy} onClick={() => switchFactor(challenge, methods, 'totp_code')}>
                {t('twoFactor.useApp')}
              </Button>
            )}
            {methods.includes('totp') && codeFactor !== 'recovery_code' && (
              <Button kind="link" disabled={busy} onClick={() => switchFactor(challenge, methods, 'recovery_code')}>
                {t('twoFactor.useRecovery')}
              </Button>
            )}
            {backToSignIn}
          </div>
        </form>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('login.title')}>
      {noticeBox}
      <form noValidate onSubmit={(e) => void submit(e)}>
        <Field
          id={FIELD_ID.email}
          label={t('login.email')}
          error={errorText('email')}
          icon="mail"
          type="email"
          value={values.email}
          onChange={change('email')}
          readOnly={busy}
          autoComplete="username"
          autoFocus
        />
        <Field
          id={FIELD_ID.password}
          label={t('login.password')}
          error={errorText('password')}
          icon="lock"
          type={passwordShown ? 'text' : 'password'}
          value={values.password}
          onChange={change('password')}
          readOnly={busy}
          autoComplete="current-password"
          suffix={
            // Named by its title: an aria-label would be a second "Password" label on the page.
            <button
              type="button"
              className="lp-input-suffix"
              title={t('login.showPassword')}
              aria-pressed={passwordShown}
              aria-controls={FIELD_ID.password}
              onClick={() => setPasswordShown((shown) => !shown)}
            >
              <Icon name={passwordShown ? 'eye' : 'eyeInvisible'} />
            </button>
          }
        />
        <Button kind="primary" type="submit" busy={busy}>
          {t('login.submit')}
        </Button>
        <div className="lp-auth-link">
          <Link to="/forgot-password">{t('login.forgot')}</Link>
        </div>
      </form>
    </AuthFrame>
  );
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string;
  label: string;
  icon: IconName;
  error?: string;
  help?: string;
  suffix?: ReactNode;
}

/** A labelled input with its icon; what is wrong with it, and its help, under it. */
function Field({ id, label, icon, error, help, suffix, ...input }: FieldProps) {
  const described = [error && `${id}-error`, help && `${id}-help`].filter(Boolean).join(' ');
  return (
    <div className={error ? 'lp-field lp-field-invalid' : 'lp-field'}>
      <label className="lp-label" htmlFor={id}>
        {label}
      </label>
      <div className={suffix ? 'lp-input lp-input-with-suffix' : 'lp-input'}>
        <Icon name={icon} className="lp-input-prefix" />
        <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described || undefined} {...input} />
        {suffix}
      </div>
      {error && (
        <div className="lp-field-error" id={`${id}-error`}>
          {error}
        </div>
      )}
      {help && (
        <div className="lp-field-help" id={`${id}-help`}>
          {help}
        </div>
      )}
    </div>
  );
}

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  kind?: 'primary' | 'default' | 'link';
  /** Shows the spinner and disables the button. */
  busy?: boolean;
}

/** Ant Design's block button: primary, default or link. */
function Button({ kind = 'default', busy = false, disabled, children, ...button }: ButtonProps) {
  return (
    <button
      type="button"
      {...button}
      className={`lp-btn lp-btn-block${kind === 'default' ? '' : ` lp-btn-${kind}`}${busy ? ' lp-btn-busy' : ''}`}
      disabled={disabled || busy}
    >
      {busy && <Icon name="loading" className="lp-btn-spinner" />}
      {children}
    </button>
  );
}
