import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Flex, Spin, Typography } from 'antd';
import { DomainError } from '../api/client';
import { activation } from '../api/endpoints';
import type { InvitationCard } from '../api/types';
import { useI18n } from '../i18n';
import { AuthFrame } from './AuthFrame';

type Outcome = { status: 'loading' } | { status: 'shown'; card: InvitationCard } | { status: 'refused'; code: string };

/**
 * The page the invitation's link opens, `/activate?login=…&code=…`, for the user (not an
 * administrator): whom it is for, the code in large type with its QR code, and what to do next.
 * The server shows the invitation only for the right login and code together; a wrong one of
 * either gets the same answer and counts as a wrong activation code (docs/security.md).
 */
export function ActivatePage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const login = params.get('login') ?? '';
  const code = params.get('code') ?? '';
  const [outcome, setOutcome] = useState<Outcome>(
    login && code ? { status: 'loading' } : { status: 'refused', code: 'invalid_activation' },
  );

  useEffect(() => {
    if (!login || !code) return;
    let live = true;
    activation.invitation(login, code).then(
      (card) => live && setOutcome({ status: 'shown', card }),
      (e: unknown) => {
        if (!live) return;
        setOutcome({ status: 'refused', code: e instanceof DomainError ? e.code : 'error' });
      },
    );
    return () => {
      live = false;
    };
  }, [login, code]);

  if (outcome.status === 'loading') {
    return (
      <AuthFrame title={t('activate.title')}>
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin aria-label={t('activate.checking')} />
        </Flex>
      </AuthFrame>
    );
  }
  if (outcome.status === 'refused') {
    const message =
      outcome.code === 'rate_limited'
        ? t('activate.tooMany')
        : outcome.code === 'invalid_activation'
          ? t('activate.invalid')
          : t('common.errorGeneric');
    return (
      <AuthFrame title={t('activate.title')}>
        <Alert type="error" showIcon message={message} role="alert" />
      </AuthFrame>
    );
  }

  const { card } = outcome;
  const name = [card.first_name, card.last_name].filter(Boolean).join(' ') || card.login;
  return (
    <AuthFrame title={t('activate.title')}>
      <Typography.Paragraph data-testid="activation-greeting">
        {t('activate.greeting', { name, org: card.org_name })}
      </Typography.Paragraph>
      <Flex vertical align="center" gap={8} style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('activate.codeLabel')}</Typography.Text>
        <Typography.Text
          strong
          copyable
          data-testid="activation-code"
          style={{ fontSize: 40, letterSpacing: '0.15em', fontVariantNumeric: 'tabular-nums', lineHeight: 1.2 }}
        >
          {card.activation_code}
        </Typography.Text>
        {/* A data: URL, which the Content-Security-Policy's img-src already allows. */}
        <img
          src={card.qr_code}
          alt={t('activate.qrAlt')}
          data-testid="activation-qr"
          style={{ maxWidth: '100%', imageRendering: 'pixelated' }}
        />
      </Flex>
      <Typography.Title level={5}>{t('activate.next')}</Typography.Title>
      <ol style={{ paddingInlineStart: 20, marginTop: 0 }}>
        <li>{t('activate.stepInstall')}</li>
        <li>{t('activate.stepOpen', { login: card.login })}</li>
        <li>{t('activate.stepNumber')}</li>
      </ol>
      <Typography.Text type="secondary">{t('activate.keep')}</Typography.Text>
    </AuthFrame>
  );
}
