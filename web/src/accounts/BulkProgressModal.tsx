import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Descriptions, Modal, Progress, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { accounts } from '../api/endpoints';
import type { BulkProgress } from '../api/types';
import { formatNumber, formatPercent } from '../common/format';
import { errorText } from '../common/formErrors';
import { useI18n } from '../i18n';

const POLL_MS = 500;

/**
 * A bulk operation running on the server: a progress bar read from GET /accounts/bulk/{batch}
 * every half second until it is finished, then how many accounts succeeded and failed and the
 * per-account results as CSV. Closing the window does not stop the operation.
 */
export function BulkProgressModal({
  started,
  onFinished,
  onClose,
}: {
  /** The 202 answer that started the operation; null when closed. */
  started: BulkProgress | null;
  /** Called once, when the server says the operation is finished. */
  onFinished: (progress: BulkProgress) => void;
  /** `finished`: whether the operation had finished by then. */
  onClose: (finished: boolean) => void;
}) {
  const { t, locale } = useI18n();
  const [progress, setProgress] = useState<BulkProgress | null>(started);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const batchId = started?.batch_id;

  useEffect(() => {
    setProgress(started);
    setError(null);
  }, [started]);

  useEffect(() => {
    if (!batchId) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const now = await accounts.bulkProgress(batchId);
        if (!live) return;
        setProgress(now);
        if (now.finished) finished.current(now);
        else timer = setTimeout(() => void poll(), POLL_MS);
      } catch (e) {
        if (live) setError(errorText(e, t('common.errorGeneric')));
      }
    };
    timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [batchId, attempt, t]);

  const p = progress ?? started;
  const percent = p && p.total > 0 ? Math.floor((p.done * 100) / p.total) : 0;
  const done = !!p?.finished;
  return (
    <Modal
      open={started !== null}
      title={p && t('accounts.bulk.title', { action: t(`accounts.action.${p.action}`), count: p.total })}
      onCancel={() => onClose(done)}
      maskClosable={false}
      destroyOnHidden
      footer={[
        done && p && (
          <Button
            key="csv"
            icon={<DownloadOutlined />}
            href={accounts.bulkResultsUrl(p.batch_id)}
            download
            data-testid="bulk-results"
          >
            {t('accounts.bulk.results')}
          </Button>
        ),
        <Button key="close" type={done ? 'primary' : 'default'} onClick={() => onClose(done)}>
          {t('common.close')}
        </Button>,
      ]}
    >
      {p && (
        <div data-testid="bulk-progress">
          <Progress
            percent={done ? 100 : percent}
            format={(value) => formatPercent(value ?? 0, locale)}
            status={done ? (p.failed ? 'normal' : 'success') : 'active'}
          />
          <Typography.Paragraph type="secondary" data-testid="bulk-count">
            {t('accounts.bulk.progress', { done: p.done, total: p.total })}
          </Typography.Paragraph>
          {error && (
            <Alert
              type="error"
              showIcon
              role="alert"
              message={t('accounts.bulk.pollFailed', { detail: error })}
              action={
                <Button
                  size="small"
                  onClick={() => {
                    setError(null);
                    setAttempt((n) => n + 1);
                  }}
                >
                  {t('common.retry')}
                </Button>
              }
              style={{ marginBottom: 12 }}
            />
          )}
          {done ? (
            <Descriptions
              size="small"
              column={2}
              bordered
              data-testid="bulk-summary"
              items={[
                { key: 'ok', label: t('accounts.bulk.succeeded'), children: formatNumber(p.succeeded, locale) },
                { key: 'failed', label: t('accounts.bulk.failed'), children: formatNumber(p.failed, locale) },
              ]}
            />
          ) : (
            <Typography.Paragraph>{t('accounts.bulk.running')}</Typography.Paragraph>
          )}
        </div>
      )}
    </Modal>
  );
}
