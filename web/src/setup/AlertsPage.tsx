import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Flex, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { alerts as alertsApi } from '../api/endpoints';
import type { AlertSetting } from '../api/types';
import { useSession } from '../auth/session';
import { errorText } from '../common/formErrors';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { AlertFormModal } from './AlertFormModal';

/**
 * Who actually receives an alert, as the server answers it: the administrators (named with their
 * organization when they are an ancestor's, because this one has none) and the other recipients.
 */
function EffectiveRecipients({ alert, orgId, orgName }: { alert: AlertSetting; orgId: string; orgName: string }) {
  const { t } = useI18n();
  const from = alert.administrators_from;
  if (!alert.enabled)
    return (
      <Typography.Text type="secondary" data-testid="alert-effective">
        {t('alerts.offNobody')}
      </Typography.Text>
    );
  if (alert.effective_recipients.length === 0)
    return (
      <Typography.Text type="warning" data-testid="alert-effective">
        {t('alerts.reachesNobody')}
      </Typography.Text>
    );
  return (
    <Typography.Text type="secondary" data-testid="alert-effective">
      {t('alerts.receivedBy')} {alert.effective_recipients.join(', ')}
      {from && from.id !== orgId && (
        <>
          <br />
          {t('alerts.adminsFrom', { name: from.name, org: orgName })}
        </>
      )}
    </Typography.Text>
  );
}

/** Setup > Manage Alerts: the alerts of the current organization, on/off and their recipients. */
export function AlertsPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const [chosen, setChosen] = useState<string | null>(null);
  const [editing, setEditing] = useState<AlertSetting | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);
  const orgId = org?.id;

  const fetchAlerts = useCallback(() => alertsApi.list(orgId ?? ''), [orgId]);
  const { data, loading, error, reload: load, set } = useApiData(orgId ? fetchAlerts : null);
  const items: AlertSetting[] = data?.items ?? [];

  useEffect(() => setChosen(null), [orgId]);

  if (!org) return null;
  const canEdit = can('setup.edit.alerts');
  const label = (a: AlertSetting) => a.labels[language] || a.labels.en || a.key;
  const description = (a: AlertSetting) => a.descriptions[language] || a.descriptions.en;
  const replace = (saved: AlertSetting) =>
    set((prev) => prev && { ...prev, items: prev.items.map((a) => (a.key === saved.key ? saved : a)) });

  const toggle = async (alert: AlertSetting, enabled: boolean) => {
    setSwitching(alert.key);
    try {
      replace(await alertsApi.update(org.id, alert.key, { enabled }));
      message.success(t(enabled ? 'alerts.turnedOn' : 'alerts.turnedOff', { name: label(alert) }));
    } catch (e) {
      message.error(errorText(e, t('common.errorGeneric')));
    } finally {
      setSwitching(null);
    }
  };

  const columns: TableColumnsType<AlertSetting> = [
    {
      title: t('alerts.name'),
      key: 'name',
      width: 200,
      render: (_, a) => <Typography.Text strong>{label(a)}</Typography.Text>,
    },
    {
      title: t('alerts.description'),
      key: 'description',
      render: (_, a) => (
        <Typography.Text type="secondary" data-testid="alert-description">
          {description(a)}
        </Typography.Text>
      ),
    },
    {
      title: t('alerts.deliverTo'),
      key: 'deliver',
      width: 260,
      render: (_, a) => (
        <Flex vertical gap={4}>
          <Flex wrap gap={4}>
            {a.to_org_admins && <Tag color="blue">{t('alerts.orgAdmins')}</Tag>}
            {a.recipients.map((r) => (
              <Tag key={r}>{r}</Tag>
            ))}
            {!a.to_org_admins && a.recipients.length === 0 && (
              <Typography.Text type="secondary">{t('alerts.nobody')}</Typography.Text>
            )}
          </Flex>
          <EffectiveRecipients alert={a} orgId={org.id} orgName={org.name} />
        </Flex>
      ),
    },
    {
      title: t('alerts.enabled'),
      key: 'enabled',
      width: 120,
      render: (_, a) => (
        <Switch
          checked={a.enabled}
          disabled={!canEdit}
          loading={switching === a.key}
          aria-label={label(a)}
          checkedChildren="✓"
          onChange={(checked) => void toggle(a, checked)}
        />
      ),
    },
  ];

  const chosenAlert = items.find((a) => a.key === chosen) ?? null;
  return (
    <Card>
      <PageHeader
        title={t('alerts.title')}
        subtitle={t('alerts.intro', { name: org.name })}
        actions={
          <>
            {canEdit && (
              <Button type="primary" icon={<EditOutlined />} disabled={!chosenAlert} onClick={() => setEditing(chosenAlert)}>
                {t('alerts.edit')}
              </Button>
            )}
          </>
        }
      />
      {error && (
        <Alert
          type="error"
          showIcon
          message={error.detail}
          action={<Button onClick={() => void load()}>{t('common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<AlertSetting>
        rowKey="key"
        data-testid="alerts-table"
        columns={columns}
        dataSource={items}
        loading={loading}
        pagination={false}
        scroll={{ x: 1000 }}
        rowSelection={
          canEdit
            ? {
                type: 'radio',
                selectedRowKeys: chosen ? [chosen] : [],
                onChange: (keys) => setChosen(keys.length ? String(keys[0]) : null),
                getCheckboxProps: (a) => ({ name: 'alert', 'aria-label': label(a) }),
              }
            : undefined
        }
      />
      <AlertFormModal
        orgId={org.id}
        alert={editing}
        label={editing ? label(editing) : ''}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          replace(saved);
          setEditing(null);
          message.success(t('alerts.saved', { name: label(saved) }));
        }}
      />
    </Card>
  );
}
