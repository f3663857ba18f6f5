import { Button, Modal, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { ResendBatch, ResendResult } from '../api/types';
import { useI18n } from '../i18n';

const STATUS_COLOR: Record<ResendResult['status'], string> = { sent: 'green', not_found: 'default', not_allowed: 'red' };

/** What "Resend Invite" did for each administrator, with the invitation status CSV. */
export function ResendResultsModal({ batch, onClose }: { batch: ResendBatch | null; onClose: () => void }) {
  const { t } = useI18n();
  const sent = batch?.results.filter((r) => r.status === 'sent').length ?? 0;
  return (
    <Modal
      open={batch !== null}
      title={t('admins.resendTitle')}
      onCancel={onClose}
      width={760}
      footer={[
        batch && (
          <Button key="csv" icon={<DownloadOutlined />} href={batch.csv_url} download data-testid="resend-csv">
            {t('admins.resendCsv')}
          </Button>
        ),
        <Button key="close" type="primary" onClick={onClose}>
          {t('common.close')}
        </Button>,
      ]}
    >
      {batch && (
        <>
          <Typography.Paragraph>{t('admins.resendSummary', { sent, total: batch.results.length })}</Typography.Paragraph>
          <Table<ResendResult>
            rowKey="admin_id"
            size="small"
            pagination={false}
            dataSource={batch.results}
            data-testid="resend-results"
            columns={[
              { title: t('admins.name'), dataIndex: 'name' },
              { title: t('profile.email'), dataIndex: 'email' },
              {
                title: t('admins.resendStatus'),
                dataIndex: 'status',
                render: (status: ResendResult['status']) => <Tag color={STATUS_COLOR[status]}>{t(`admins.resend.${status}`)}</Tag>,
              },
              { title: t('admins.resendMessage'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
