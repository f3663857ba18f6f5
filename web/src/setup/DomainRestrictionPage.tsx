import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Popconfirm, Select, Skeleton, Tag, Typography } from 'antd';
import { DomainError } from '../api/client';
import { orgs } from '../api/endpoints';
import type { InheritedSetting } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { errorText } from '../common/formErrors';
import { PageHeader } from '../common/PageHeader';
import { SettingSource, settingOrigin } from '../common/SettingSource';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';

/** "@example.com": lower case, at least two labels (what the server accepts). */
const DOMAIN = /^@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/;

/** What the admin typed, as an entry: "Example.COM" becomes "@example.com". */
const normalize = (entry: string) => {
  const e = entry.trim().toLowerCase();
  return e && !e.startsWith('@') ? `@${e}` : e;
};

/** Setup > Domain Restriction: the `@domain` entries invitations are restricted to (inherited setting). */
export function DomainRestrictionPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const orgId = org?.id ?? '';
  const settings = useApiData(useCallback(() => orgs.settings(orgId), [orgId]));
  const [draft, setDraft] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const setting: InheritedSetting<string[]> | null = settings.data
    ? (settings.data.domain_restriction ?? { value: [], source_org_id: null, source_org_name: null })
    : null;
  const entries = setting?.value ?? [];
  // The draft starts again from what the server holds whenever that changes.
  const saved = entries.join('\n');
  useEffect(() => setDraft(saved ? saved.split('\n') : []), [saved]);

  if (!org) return null;
  const canEdit = can('setup.edit.domain_restriction');
  const own = setting ? settingOrigin(setting, org.id) === 'own' : false;
  const bad = draft.filter((d) => !DOMAIN.test(d));
  const changed = draft.join('\n') !== saved;

  const save = async (value: string[] | null) => {
    setSaving(true);
    setNotice(null);
    try {
      settings.set(await orgs.updateSettings(org.id, { domain_restriction: value }));
      message.success(t('domains.saved'));
    } catch (e) {
      setNotice(
        e instanceof DomainError && e.errors.length
          ? e.errors.map((f) => f.message).join(' ')
          : errorText(e, t('common.errorGeneric')),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card>
      <PageHeader title={t('domains.title')} subtitle={t('domains.intro', { name: org.name })} />
      <ErrorNotice error={settings.error} onRetry={() => void settings.reload()} />
      {!setting && !settings.error && <Skeleton active paragraph={{ rows: 2 }} />}
      {setting && (
        <Flex vertical gap={16} style={{ maxWidth: 720 }}>
          <SettingSource setting={setting} orgId={org.id} orgName={org.name} testId="domains-source" />
          {notice && <Alert type="error" showIcon message={notice} role="alert" />}
          {canEdit ? (
            <Form layout="vertical" onFinish={() => void save(draft)} name="domains">
              <Form.Item
                label={t('domains.entries')}
                htmlFor="domains-entries"
                extra={t('domains.help')}
                validateStatus={bad.length ? 'error' : undefined}
                help={bad.length ? t('domains.invalid', { entries: bad.join(', ') }) : undefined}
              >
                <Select
                  id="domains-entries"
                  mode="tags"
                  value={draft}
                  onChange={(values: string[]) => setDraft([...new Set(values.map(normalize).filter(Boolean))])}
                  tokenSeparators={[',', ';', ' ']}
                  open={false}
                  suffixIcon={null}
                  placeholder="@example.com"
                  data-testid="domain-entries"
                />
              </Form.Item>
              <Flex gap={8} wrap>
                <Button type="primary" htmlType="submit" loading={saving} disabled={!changed || bad.length > 0}>
                  {t('common.save')}
                </Button>
                {changed && <Button onClick={() => setDraft(entries)}>{t('common.cancel')}</Button>}
                {own && org.parent_id && (
                  <Popconfirm
                    title={t('domains.inheritConfirm')}
                    okText={t('common.yes')}
                    cancelText={t('common.no')}
                    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
                    onConfirm={() => save(null)}
                  >
                    <Button>{t('setting.inherit')}</Button>
                  </Popconfirm>
                )}
              </Flex>
            </Form>
          ) : entries.length ? (
            <Flex wrap gap={6} data-testid="domain-list">
              {entries.map((d) => (
                <Tag key={d}>{d}</Tag>
              ))}
            </Flex>
          ) : (
            <Empty description={t('domains.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
          <Typography.Text type="secondary">
            {entries.length ? t('domains.active', { count: entries.length }) : t('domains.none')}
          </Typography.Text>
          {!canEdit && <Alert type="warning" showIcon message={t('setting.readOnly')} />}
        </Flex>
      )}
    </Card>
  );
}
