import { Alert, Button } from 'antd';
import type { DomainError } from '../api/client';
import { useI18n } from '../i18n';

/** A failed read, with "Try again". */
export function ErrorNotice({ error, onRetry }: { error: DomainError | null; onRetry: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      message={error.detail}
      action={<Button onClick={onRetry}>{t('common.retry')}</Button>}
      style={{ marginBottom: 16 }}
    />
  );
}
