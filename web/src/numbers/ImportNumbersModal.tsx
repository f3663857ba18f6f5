import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Radio, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { numbers } from '../api/endpoints';
import type { NumberImport } from '../api/types';
import { errorText } from '../common/formErrors';
import { ResultsTable } from '../common/ResultsModal';
import type { ResultsReport } from '../common/ResultsModal';
import { useI18n } from '../i18n';
import type { Translate } from '../i18n';

type Source = 'list' | 'csv';

/** The typed numbers, each with the line of the text it is on (counting from 1). */
interface TypedList {
  numbers: string[];
  lines: number[];
}

/**
 * One number a line, or several in comma- (or semicolon-) separated cells. Spaces, brackets,
 * dots and dashes inside a number are its formatting ("+1 (415) 555-1300"): the server reads
 * them; blank lines and cells are skipped, and every number keeps the line it was typed on.
 */
function splitList(text: string): TypedList {
  const out: TypedList = { numbers: [], lines: [] };
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    for (const cell of line.split(/[,;]/)) {
      const number = cell.trim();
      if (!number) continue;
      out.numbers.push(number);
      out.lines.push(i + 1);
    }
  });
  return out;
}

/**
 * The counts, and a row for each number not imported, by its line in the file, or (`lines`, for
 * a typed list) in the text it was typed in: the answer counts the numbers sent, from 1.
 */
function importReport(t: Translate, answer: NumberImport, lines?: number[]): ResultsReport {
  return {
    title: t('numbers.import.title'),
    summary: t('numbers.import.summary', {
      imported: answer.imported,
      duplicates: answer.duplicates,
      invalid: answer.invalid,
    }),
    labelTitle: t('numbers.import.input'),
    rows: answer.results.map((r, i) => ({
      key: `${r.line}-${i}`,
      label: t('numbers.import.lineInput', { line: lines?.[r.line - 1] ?? r.line, input: r.input }),
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
  // A file refused as a whole: what is wrong, line by line.
  const [noticeLines, setNoticeLines] = useState<string[]>([]);
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
  const ready = source === 'list' ? list.numbers.length > 0 : !!file?.originFileObj;

  const submit = async () => {
    setBusy(true);
    setNotice(null);
    setNoticeLines([]);
    try {
      const answer =
        source === 'list'
          ? await numbers.importList(orgId, list.numbers, tag.trim() || undefined)
          : await numbers.importCsv(orgId, file!.originFileObj!, tag.trim() || undefined);
      setReport(importReport(t, answer, source === 'list' ? list.lines : undefined));
      onImported();
    } catch (e) {
      setNotice(errorText(e, t('common.errorGeneric')));
      if (e instanceof DomainError)
        setNoticeLines(e.rowErrors.map((r) => t('numbers.import.lineError', { line: r.line, message: r.message })));
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
          {notice && (
            <Alert
              type="error"
              showIcon
              message={notice}
              description={noticeLines.length ? noticeLines.map((line) => <div key={line}>{line}</div>) : undefined}
              role="alert"
              style={{ marginBottom: 16 }}
            />
          )}
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
                extra={t('numbers.import.listHelp', { count: list.numbers.length })}
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
