import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Flex, Form, Result, Select, Table, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { accounts, permissionGroups } from '../api/endpoints';
import type { AccountImport, Org, RowError } from '../api/types';
import { errorText } from '../common/formErrors';
import { OrgTreeSelect } from '../common/OrgTreeSelect';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';

/**
 * "Multiple Accounts": the CSV template, the organization and user permissions of the upload,
 * the file, then Import or Import & Invite. A file with errors writes nothing: the errors are
 * listed by line; a good one shows the counts and the per-row report.
 */
export function ImportAccountsForm({ root, onImported }: { root: Org; onImported: () => void }) {
  const { t } = useI18n();
  const [orgId, setOrgId] = useState(root.id);
  const [groupId, setGroupId] = useState<string | undefined>(undefined);
  const [file, setFile] = useState<UploadFile | null>(null);
  const [busy, setBusy] = useState<'import' | 'invite' | null>(null);
  const [errors, setErrors] = useState<{ list: RowError[]; total: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [done, setDone] = useState<AccountImport | null>(null);

  useEffect(() => setOrgId(root.id), [root.id]);
  const groups = useApiData(useCallback(() => permissionGroups.list(orgId), [orgId]));
  // The organization's default group, until the admin picks another.
  useEffect(() => setGroupId(groups.data?.items.find((g) => g.is_default)?.id), [groups.data]);

  const start = async (invite: boolean) => {
    const blob = file?.originFileObj;
    if (!blob) return;
    setBusy(invite ? 'invite' : 'import');
    setErrors(null);
    setNotice(null);
    setDone(null);
    try {
      setDone(await accounts.import(orgId, blob, { permission_group_id: groupId, invite }));
      setFile(null);
      onImported();
    } catch (e) {
      // A file with very many errors: the first ones, and how many there are in all.
      if (e instanceof DomainError && e.rowErrors.length) setErrors({ list: e.rowErrors, total: e.errorCount });
      else setNotice(errorText(e, t('common.errorGeneric')));
    } finally {
      setBusy(null);
    }
  };

  if (done) {
    return (
      <div data-testid="import-done">
        <Result
          status="success"
          title={t('accounts.import.done', { created: done.created })}
          subTitle={t('accounts.import.invited', { invited: done.invited })}
          extra={[
            <Button
              key="report"
              icon={<DownloadOutlined />}
              href={accounts.importReportUrl(done.batch_id)}
              download
              data-testid="import-report"
            >
              {t('accounts.import.report')}
            </Button>,
            <Button key="again" onClick={() => setDone(null)}>
              {t('accounts.import.again')}
            </Button>,
          ]}
        />
      </div>
    );
  }

  return (
    <Form layout="vertical" disabled={busy !== null} name="import-form">
      <Typography.Paragraph>
        {t('accounts.import.intro')}{' '}
        <Typography.Link href={accounts.templateUrl()} download data-testid="import-template">
          {t('accounts.import.template')}
        </Typography.Link>{' '}
        <Typography.Link href={accounts.exampleUrl()} download data-testid="import-example">
          {t('accounts.import.example')}
        </Typography.Link>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('accounts.import.columns')}</Typography.Paragraph>
      <Form.Item label={t('accounts.import.organization')} htmlFor="import-org">
        <OrgTreeSelect id="import-org" root={root} value={orgId} onChange={setOrgId} />
      </Form.Item>
      <Form.Item label={t('accounts.form.permissionGroup')} htmlFor="import-group">
        <Select
          id="import-group"
          value={groupId}
          onChange={setGroupId}
          loading={groups.loading}
          options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
      </Form.Item>
      <Form.Item label={t('accounts.import.file')}>
        <Upload.Dragger
          accept=".csv,text/csv"
          maxCount={1}
          fileList={file ? [file] : []}
          beforeUpload={() => false}
          onChange={({ fileList }) => {
            setFile(fileList.at(-1) ?? null);
            setErrors(null);
            setNotice(null);
          }}
          data-testid="import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('accounts.import.drop')}</p>
        </Upload.Dragger>
      </Form.Item>
      {groups.error && <Alert type="error" showIcon message={groups.error.detail} style={{ marginBottom: 16 }} />}
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      {errors && (
        <div style={{ marginBottom: 16 }}>
          <Alert
            type="error"
            showIcon
            message={t('accounts.import.failed', { count: errors.total })}
            description={
              errors.total > errors.list.length ? t('accounts.import.firstErrors', { shown: errors.list.length }) : undefined
            }
            role="alert"
          />
          <Table<RowError>
            size="small"
            rowKey={(e) => `${e.line}:${e.column}:${e.message}`}
            data-testid="import-errors"
            dataSource={errors.list}
            pagination={errors.list.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            style={{ marginTop: 8 }}
            columns={[
              { title: t('accounts.import.line'), dataIndex: 'line', width: 70 },
              { title: t('accounts.import.column'), dataIndex: 'column', width: 170 },
              { title: t('accounts.import.value'), dataIndex: 'value', ellipsis: true },
              { title: t('accounts.import.message'), dataIndex: 'message' },
            ]}
          />
        </div>
      )}
      <Flex justify="flex-end" gap={8}>
        <Button disabled={!file || busy !== null} loading={busy === 'import'} onClick={() => void start(false)}>
          {t('accounts.import.import')}
        </Button>
        <Button type="primary" disabled={!file || busy !== null} loading={busy === 'invite'} onClick={() => void start(true)}>
          {t('accounts.import.importInvite')}
        </Button>
      </Flex>
    </Form>
  );
}
