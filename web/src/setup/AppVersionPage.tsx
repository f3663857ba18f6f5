import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Popconfirm, Skeleton, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { appVersions, orgs } from '../api/endpoints';
import type { AppPlatform, AppVersionPolicy, AppVersionReport, InheritedSetting, OrgSettings } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { errorText, showFieldErrors } from '../common/formErrors';
import { formatDateTime } from '../common/format';
import { PageHeader } from '../common/PageHeader';
import { SettingSource, settingOrigin } from '../common/SettingSource';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';

const PLATFORMS: AppPlatform[] = ['ios', 'android'];
const KEY = { ios: 'app_version_ios', android: 'app_version_android' } as const;
const POLICY_FIELDS = ['latest_version', 'minimum_version', 'release_notes', 'store_url'] as const;
const noPolicy: InheritedSetting<AppVersionPolicy> = { value: null, own: false, source_org_id: null, source_org_name: null };

/** One platform's version policy: its form, where it comes from, and the way to remove it. */
function PolicyCard({
  platform,
  settings,
  onSaved,
}: {
  platform: AppPlatform;
  settings: OrgSettings;
  onSaved: (settings: OrgSettings) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const key = KEY[platform];
  const setting = settings[key] ?? noPolicy;

  useEffect(() => {
    form.resetFields();
    if (setting.value) form.setFieldsValue({ [key]: setting.value });
  }, [form, key, setting.value]);

  if (!org) return null;
  const canEdit = can('setup.edit.application_version');
  const own = settingOrigin(setting, org.id) === 'own';
  const title = t(platform === 'ios' ? 'appVersion.ios' : 'appVersion.android');

  const save = async (value: AppVersionPolicy | null) => {
    setSaving(true);
    setNotice(null);
    try {
      onSaved(await orgs.updateSettings(org.id, { [key]: value }));
      message.success(t(value ? 'appVersion.saved' : 'appVersion.removed', { platform: title }));
    } catch (e) {
      if (e instanceof DomainError && e.errors.length) {
        const unmatched = showFieldErrors(
          form,
          e,
          POLICY_FIELDS.map((f) => [key, f]),
        );
        setNotice(unmatched.length ? unmatched.join(' ') : t('common.fixErrors'));
      } else {
        setNotice(errorText(e, t('common.errorGeneric')));
      }
    } finally {
      setSaving(false);
    }
  };

  const submit = (values: Record<string, Partial<AppVersionPolicy> | undefined>) => {
    const v = values[key] ?? {};
    void save({
      latest_version: (v.latest_version ?? '').trim(),
      minimum_version: (v.minimum_version ?? '').trim(),
      release_notes: v.release_notes ?? '',
      store_url: (v.store_url ?? '').trim(),
    });
  };

  return (
    <Card title={title} style={{ flex: 1, minWidth: 320 }} data-testid={`policy-${platform}`}>
      <Flex vertical gap={12}>
        <SettingSource setting={setting} orgId={org.id} orgName={org.name} testId={`${key}-source`} />
        {!setting.value && <Typography.Text type="secondary">{t('appVersion.noPolicy')}</Typography.Text>}
        {notice && <Alert type="error" showIcon message={notice} role="alert" />}
        <Form
          form={form}
          layout="vertical"
          name={`policy_${platform}`}
          onFinish={submit}
          disabled={saving || !canEdit}
          initialValues={setting.value ? { [key]: setting.value } : undefined}
        >
          <Form.Item
            name={[key, 'latest_version']}
            label={t('appVersion.latest')}
            extra={t('appVersion.versionHelp')}
            rules={[{ required: true, message: t('appVersion.required') }]}
          >
            <Input placeholder="2.4.1" style={{ maxWidth: 200 }} />
          </Form.Item>
          <Form.Item
            name={[key, 'minimum_version']}
            label={t('appVersion.minimum')}
            extra={t('appVersion.minimumHelp')}
            rules={[{ required: true, message: t('appVersion.required') }]}
          >
            <Input placeholder="2.0.0" style={{ maxWidth: 200 }} />
          </Form.Item>
          <Form.Item
            name={[key, 'store_url']}
            label={t('appVersion.storeUrl')}
            rules={[{ required: true, message: t('appVersion.required') }]}
          >
            <Input placeholder="https://" />
          </Form.Item>
          <Form.Item name={[key, 'release_notes']} label={t('appVersion.releaseNotes')}>
            <Input.TextArea rows={3} showCount maxLength={2000} />
          </Form.Item>
          {canEdit && (
            <Flex gap={8} wrap>
              <Button type="primary" htmlType="submit" loading={saving} data-testid={`policy-${platform}-save`}>
                {t('common.save')}
              </Button>
              {own && (
                <Popconfirm
                  title={t(org.parent_id ? 'appSettings.inheritConfirm' : 'appVersion.removeConfirm')}
                  okText={t('common.yes')}
                  cancelText={t('common.no')}
                  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
                  onConfirm={() => save(null)}
                >
                  <Button data-testid={`policy-${platform}-remove`}>
                    {t(org.parent_id ? 'setting.inherit' : 'appVersion.remove')}
                  </Button>
                </Popconfirm>
              )}
            </Flex>
          )}
        </Form>
      </Flex>
    </Card>
  );
}

/** The users per platform and version, and those below their organization's minimum. */
function VersionReport({ orgId }: { orgId: string }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const report = useApiData(useCallback(() => appVersions.report(orgId), [orgId]));
  const platformName = (p: AppPlatform) => t(p === 'ios' ? 'appVersion.ios' : 'appVersion.android');
  const data: AppVersionReport | null = report.data;
  return (
    <Card
      title={t('appVersion.reportTitle')}
      extra={
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={() => void report.reload()} loading={report.loading}>
            {t('appVersion.refresh')}
          </Button>
          <Button icon={<DownloadOutlined />} href={appVersions.csvUrl(orgId)} download data-testid="app-versions-csv">
            {t('reports.downloadCsv')}
          </Button>
        </Flex>
      }
    >
      <ErrorNotice error={report.error} onRetry={() => void report.reload()} />
      {!data && !report.error && <Skeleton active paragraph={{ rows: 3 }} />}
      {data && (
        <Flex vertical gap={24}>
          <div>
            <Typography.Title level={5}>{t('appVersion.versionsTitle')}</Typography.Title>
            <Table
              data-testid="app-versions-table"
              size="small"
              pagination={false}
              rowKey={(r) => `${r.platform}:${r.app_version}`}
              dataSource={data.versions}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appVersion.noVersions')} /> }}
              columns={[
                { title: t('appVersion.platform'), dataIndex: 'platform', render: (p: AppPlatform) => platformName(p) },
                { title: t('appVersion.version'), dataIndex: 'app_version' },
                { title: t('appVersion.users'), dataIndex: 'users', align: 'right' },
              ]}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('appVersion.belowTitle')}</Typography.Title>
            <Table
              data-testid="app-versions-below"
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              rowKey="account_id"
              dataSource={data.below_minimum}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appVersion.noneBelow')} /> }}
              columns={[
                { title: t('appVersion.user'), dataIndex: 'name', render: (name: string, r) => name || r.login },
                { title: t('appVersion.login'), dataIndex: 'login' },
                { title: t('appVersion.organization'), dataIndex: 'org_name' },
                { title: t('appVersion.platform'), dataIndex: 'platform', render: (p: AppPlatform) => platformName(p) },
                { title: t('appVersion.version'), dataIndex: 'app_version', render: (v: string) => <Tag color="warning">{v}</Tag> },
                { title: t('appVersion.minimum'), dataIndex: 'minimum_version' },
                {
                  title: t('appVersion.seenAt'),
                  dataIndex: 'seen_at',
                  render: (v: string) => formatDateTime(v, locale, me.admin.timezone),
                },
              ]}
            />
          </div>
        </Flex>
      )}
    </Card>
  );
}

/** Setup > Application Version: the version policy per platform, and what the users run. */
export function AppVersionPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const orgId = org?.id ?? '';
  const settings = useApiData(useCallback(() => orgs.settings(orgId), [orgId]));
  if (!org) return null;
  return (
    <Flex vertical gap={16}>
      <Card>
        <PageHeader title={t('appVersion.title')} subtitle={t('appVersion.intro', { name: org.name })} />
        <ErrorNotice error={settings.error} onRetry={() => void settings.reload()} />
        {!settings.data && !settings.error && <Skeleton active paragraph={{ rows: 4 }} />}
        {settings.data && (
          <Flex gap={16} wrap align="flex-start">
            {PLATFORMS.map((p) => (
              <PolicyCard key={p} platform={p} settings={settings.data!} onSaved={settings.set} />
            ))}
          </Flex>
        )}
        {!can('setup.edit.application_version') && (
          <Alert type="warning" showIcon message={t('setting.readOnly')} style={{ marginTop: 16 }} />
        )}
      </Card>
      <VersionReport orgId={org.id} />
    </Flex>
  );
}
