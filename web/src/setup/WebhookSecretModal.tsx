import { Alert, Button, Modal, Typography } from 'antd';
import type { WebhookWithSecret } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime } from '../common/format';
import { useI18n } from '../i18n';

/** A signing secret to show, once: the answer of a creation or of a rotation. */
export interface ShownSecret {
  webhook: WebhookWithSecret;
  rotated: boolean;
}

/**
 * The only place the portal shows a webhook's signing secret: right after the webhook is added or
 * its secret rotated, with a copy button and the warning that it will not be shown again. Closing
 * it drops the secret (the page keeps it nowhere else).
 */
export function WebhookSecretModal({ shown, onClose }: { shown: ShownSecret | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const until = shown?.webhook.previous_secret_expires_at ?? null;
  return (
    <Modal
      open={shown !== null}
      title={shown?.rotated ? t('webhooks.secretTitleRotated') : t('webhooks.secretTitleCreated')}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      width={620}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('webhooks.secretDone')}
        </Button>
      }
    >
      {shown && (
        <>
          <Alert type="warning" showIcon message={t('webhooks.secretWarning')} style={{ marginBottom: 16 }} />
          <Typography.Text type="secondary">{t('webhooks.secretLabel')}</Typography.Text>
          <Typography.Paragraph
            code
            copyable={{ text: shown.webhook.secret }}
            data-testid="webhook-secret"
            style={{ fontSize: 15, wordBreak: 'break-all', marginTop: 4 }}
          >
            {shown.webhook.secret}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('webhooks.secretHelp')}</Typography.Paragraph>
          {shown.rotated && until && (
            <Typography.Paragraph type="secondary" data-testid="webhook-secret-previous">
              {t('webhooks.secretRotatedNote', { time: formatDateTime(until, locale, me.admin.timezone) })}
            </Typography.Paragraph>
          )}
        </>
      )}
    </Modal>
  );
}
