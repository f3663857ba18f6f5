import { Alert, Button } from 'antd';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n';

/** A failed read, with "Try again". */
export function ErrorNotice({ error, onRetry }: { error: ApiError | null; onRetry: () => void }) {
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
