import type { ReactNode } from 'react';
import { Button, Modal, Table, Tag, Typography } from 'antd';
import { useI18n } from '../i18n';

export interface ResultRow {
  key: string;
  /** What the row is about: an account's name, a phone number, an input line. */
  label: string;
  /** The result's text, shown as a tag (green when `ok`). */
  result: string;
  ok: boolean;
  message: string | null;
}

export interface ResultsReport {
  title: string;
  summary: string;
  rows: ResultRow[];
  /** Column title of `label`. */
  labelTitle: string;
}

/** What an action on many items did to each of them. */
export function ResultsModal({
  report,
  onClose,
  footer,
}: {
  report: ResultsReport | null;
  onClose: () => void;
  footer?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open={report !== null}
      title={report?.title}
      onCancel={onClose}
      width={760}
      footer={[
        footer,
        <Button key="close" type="primary" onClick={onClose}>
          {t('common.close')}
        </Button>,
      ]}
    >
      {report && <ResultsTable report={report} />}
    </Modal>
  );
}

/** The summary line and one row per item. */
export function ResultsTable({ report }: { report: ResultsReport }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Paragraph>{report.summary}</Typography.Paragraph>
      <Table<ResultRow>
        rowKey="key"
        size="small"
        data-testid="results-table"
        dataSource={report.rows}
        pagination={report.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        columns={[
          { title: report.labelTitle, dataIndex: 'label' },
          {
            title: t('results.result'),
            dataIndex: 'result',
            width: 140,
            render: (result: string, row) => <Tag color={row.ok ? 'green' : 'red'}>{result}</Tag>,
          },
          { title: t('results.details'), dataIndex: 'message' },
        ]}
      />
    </>
  );
}
