import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Radio, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { numbers } from '../api/endpoints';
import type { NumberImport } from '../api/types';
import { errorText } from '../common/formErrors';
import { ResultsTable } from '../common/ResultsModal';
import type { ResultsReport } from '../common/ResultsModal';
import { useI18n } from '../i18n';
import type { Translate } from '../i18n';

type Source = 'list' | 'csv';

/** One number a line (commas, semicolons and blanks separate too). */
const splitList = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((n) => n.trim())
    .filter(Boolean);

/** The counts, and a row for each number not imported (by its line in the list or file). */
function importReport(t: Translate, answer: NumberImport): ResultsReport {
  return {
    title: t('numbers.import.title'),
    summary: t('numbers.import.summary', {
      imported: answer.imported,
      duplicates: answer.duplicates,
      invalid: answer.invalid,
    }),
    labelTitle: t('numbers.import.input'),
    rows: answer.results.map((r) => ({
      key: `${r.line}`,
      label: t('numbers.import.lineInput', { line: r.line, input: r.input }),
      ok: false,
      result: t(r.result === 'duplicate' || r.result === 'invalid' ? `numbers.result.${r.result}` : 'results.error'),
      message: r.message,
    })),
  };
}

/**
 * Import Numbers (at the root organization): a typed list with an optional tag, or a CSV file
 * (`number,tag`); the answer says what became of each number.
 */
export function ImportNumbersModal({
  orgId,
  open,
  onClose,
  onImported,
}: {
  orgId: string;
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useI18n();
  const [source, setSource] = useState<Source>('list');
  const [text, setText] = useState('');
  const [tag, setTag] = useState('');
  const [file, setFile] = useState<UploadFile | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [report, setReport] = useState<ResultsReport | null>(null);

  useEffect(() => {
    if (!open) return;
    setText('');
    setTag('');
    setFile(null);
    setNotice(null);
    setReport(null);
  }, [open]);

  const list = splitList(text);
  const ready = source === 'list' ? list.length > 0 : !!file?.originFileObj;

  const submit = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const answer =
        source === 'list'
          ? await numbers.importList(orgId, list, tag.trim() || undefined)
          : await numbers.importCsv(orgId, file!.originFileObj!, tag.trim() || undefined);
      setReport(importReport(t, answer));
      onImported();
    } catch (e) {
      setNotice(errorText(e, t('common.errorGeneric')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('numbers.import.title')}
      width={760}
      onCancel={onClose}
      destroyOnHidden
      footer={
        report
          ? [
              <Button key="more" onClick={() => setReport(null)}>
                {t('numbers.import.more')}
              </Button>,
              <Button key="close" type="primary" onClick={onClose}>
                {t('common.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button key="import" type="primary" disabled={!ready} loading={busy} onClick={() => void submit()}>
                {t('numbers.import.submit')}
              </Button>,
            ]
      }
    >
      {report ? (
        <ResultsTable report={report} />
      ) : (
        <Form layout="vertical" disabled={busy} name="import-numbers">
          {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
          <Form.Item>
            <Radio.Group
              value={source}
              onChange={(e) => setSource(e.target.value as Source)}
              optionType="button"
              options={[
                { value: 'list', label: t('numbers.import.fromList') },
                { value: 'csv', label: t('numbers.import.fromCsv') },
              ]}
            />
          </Form.Item>
          {source === 'list' ? (
            <>
              <Form.Item
                label={t('numbers.import.numbers')}
                htmlFor="import-numbers-list"
                extra={t('numbers.import.listHelp', { count: list.length })}
              >
                <Input.TextArea
                  id="import-numbers-list"
                  rows={8}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  placeholder={'+12125550100\n+12125550101'}
                  style={{ fontFamily: 'monospace' }}
                />
              </Form.Item>
            </>
          ) : (
            <Form.Item label={t('numbers.import.file')} extra={t('numbers.import.csvHelp')}>
              <Upload
                accept=".csv,text/csv"
                maxCount={1}
                fileList={file ? [file] : []}
                beforeUpload={() => false}
                onChange={({ fileList }) => setFile(fileList.at(-1) ?? null)}
              >
                <Button icon={<UploadOutlined />}>{t('numbers.import.chooseFile')}</Button>
              </Upload>
            </Form.Item>
          )}
          <Form.Item
            label={t('numbers.tag')}
            htmlFor="import-numbers-tag"
            extra={source === 'list' ? t('numbers.import.tagHelp') : t('numbers.import.csvTagHelp')}
          >
            <Input id="import-numbers-tag" value={tag} maxLength={50} onChange={(e) => setTag(e.target.value)} />
          </Form.Item>
          <Typography.Text type="secondary">{t('numbers.import.rootOnly')}</Typography.Text>
        </Form>
      )}
    </Modal>
  );
}
