import { useCallback, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Flex, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, HistoryOutlined, KeyOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { webhooks as webhooksApi } from '../api/endpoints';
import type { Webhook } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { PageHeader } from '../common/PageHeader';
import { PagedTable } from '../common/PagedTable';
import { formatDateTime } from '../common/format';
import { errorText } from '../common/formErrors';
import { useApiData } from '../common/useApiData';
import { useCursorList } from '../common/useCursorList';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { WebhookDeliveriesDrawer } from './WebhookDeliveriesDrawer';
import { WebhookFormModal, disabledReasonText } from './WebhookFormModal';
import type { WebhookTarget } from './WebhookFormModal';
import { WebhookSecretModal } from './WebhookSecretModal';
import type { ShownSecret } from './WebhookSecretModal';

/** The events shown by name in a row before "+n". */
const EVENTS_SHOWN = 3;

/**
 * Setup > Webhook Events: the webhooks defined at the current organization (the URL, the events
 * it receives, whether the sub-organizations' events come too, on or off and why Lineport turned
 * it off), each with its deliveries; with `setup.edit.webhooks` also add, edit, send a test, rotate
 * the signing secret and delete. The secret is shown once, when it is made.
 */
export function WebhooksPage() {
  const { t, language, locale } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const me = useMe();
  const { org } = useCurrentOrg();
  const orgId = org?.id ?? null;
  const [target, setTarget] = useState<WebhookTarget | null>(null);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const [deliveriesOf, setDeliveriesOf] = useState<Webhook | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const types = useApiData(useCallback(() => webhooksApi.eventTypes(), []));
  const eventTypes = useMemo(() => types.data?.items ?? [], [types.data]);
  const names = useMemo(() => new Map(eventTypes.map((e) => [e.type, e.name[language] || e.name.en])), [eventTypes, language]);
  const eventName = useCallback((type: string) => names.get(type) ?? type, [names]);

  const fetchPage = useCallback((cursor: string | null) => webhooksApi.list(orgId ?? '', cursor), [orgId]);
  const list = useCursorList<Webhook>(orgId ? fetchPage : null);

  if (!org) return null;
  const canEdit = can('setup.edit.webhooks');
  const time = (iso: string | null) => formatDateTime(iso, locale, me.admin.timezone);

  /** Runs a row's action, one at a time; says what came of it. */
  const act = async (key: string, call: () => Promise<void>) => {
    setBusy(key);
    try {
      await call();
    } catch (e) {
      message.error(errorText(e, t('common.errorGeneric')));
    } finally {
      setBusy(null);
    }
  };

  const sendTest = (w: Webhook) =>
    act(`test:${w.id}`, async () => {
      await webhooksApi.test(w.id);
      message.success(t('webhooks.testQueued'));
    });

  const rotate = (w: Webhook) =>
    act(`rotate:${w.id}`, async () => {
      const rotated = await webhooksApi.rotateSecret(w.id);
      setSecret({ webhook: rotated, rotated: true });
      list.reload();
    });

  const remove = (w: Webhook) =>
    act(`delete:${w.id}`, async () => {
      await webhooksApi.remove(w.id);
      message.success(t('webhooks.deleted'));
      if (deliveriesOf?.id === w.id) setDeliveriesOf(null);
      list.reload();
    });

  const columns: TableColumnsType<Webhook> = [
    {
      title: t('webhooks.url'),
      dataIndex: 'url',
      // What the fixed widths leave, 160 pixels at least (the table scrolls sideways below that).
      render: (url: string) => (
        <Typography.Text strong style={{ wordBreak: 'break-all' }} data-testid="webhook-url">
          {url}
        </Typography.Text>
      ),
    },
    {
      title: t('webhooks.events'),
      key: 'events',
      width: 200,
      render: (_, w) => (
        <Tooltip title={w.events.map(eventName).join(', ')}>
          <Flex wrap gap={4} data-testid="webhook-events-cell">
            <Typography.Text type="secondary" style={{ marginRight: 4 }}>
              {t('webhooks.eventCount', { count: w.events.length })}:
            </Typography.Text>
            {w.events.slice(0, EVENTS_SHOWN).map((e) => (
              <Tag key={e}>{eventName(e)}</Tag>
            ))}
            {w.events.length > EVENTS_SHOWN && <Tag>+{w.events.length - EVENTS_SHOWN}</Tag>}
          </Flex>
        </Tooltip>
      ),
    },
    {
      title: t('webhooks.includeSuborgs'),
      dataIndex: 'include_suborgs',
      width: 160,
      render: (on: boolean) => <span data-testid="webhook-suborgs">{on ? t('common.yes') : t('common.no')}</span>,
    },
    {
      title: t('webhooks.status'),
      key: 'status',
      width: 180,
      render: (_, w) => {
        const reason = disabledReasonText(w, t);
        return (
          <Flex vertical gap={4} align="flex-start" data-testid="webhook-status">
            <Tag color={w.enabled ? 'success' : 'default'}>
              {w.enabled ? t('webhooks.statusEnabled') : t('webhooks.statusDisabled')}
            </Tag>
            {reason && <Typography.Text type="danger">{reason}</Typography.Text>}
            {w.enabled && w.failing_since && (
              <Typography.Text type="warning">{t('webhooks.failingSince', { time: time(w.failing_since) })}</Typography.Text>
            )}
            {w.previous_secret_expires_at && (
              <Typography.Text type="secondary">
                {t('webhooks.previousSecret', { time: time(w.previous_secret_expires_at) })}
              </Typography.Text>
            )}
          </Flex>
        );
      },
    },
    {
      title: t('webhooks.actions'),
      key: 'actions',
      fixed: 'right',
      width: canEdit ? 200 : 110,
      render: (_, w) => (
        <Space size={0}>
          {canEdit && (
            <Tooltip title={t('common.edit')}>
              <Button
                type="text"
                icon={<EditOutlined />}
                aria-label={t('common.edit')}
                onClick={() => setTarget({ kind: 'edit', webhook: w })}
              />
            </Tooltip>
          )}
          {canEdit && (
            <Tooltip title={t('webhooks.sendTest')}>
              <Button
                type="text"
                icon={<SendOutlined />}
                aria-label={t('webhooks.sendTest')}
                loading={busy === `test:${w.id}`}
                onClick={() => void sendTest(w)}
              />
            </Tooltip>
          )}
          {canEdit && (
            <Popconfirm
              title={t('webhooks.rotate')}
              description={<div style={{ maxWidth: 320 }}>{t('webhooks.rotateConfirm')}</div>}
              okText={t('common.yes')}
              cancelText={t('common.no')}
              // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
              onConfirm={() => rotate(w)}
            >
              <Tooltip title={t('webhooks.rotate')}>
                <Button type="text" icon={<KeyOutlined />} aria-label={t('webhooks.rotate')} loading={busy === `rotate:${w.id}`} />
              </Tooltip>
            </Popconfirm>
          )}
          <Tooltip title={t('webhooks.deliveries')}>
            <Button
              type="text"
              icon={<HistoryOutlined />}
              aria-label={t('webhooks.deliveries')}
              onClick={() => setDeliveriesOf(w)}
            />
          </Tooltip>
          {canEdit && (
            <Popconfirm
              title={t('webhooks.deleteConfirm')}
              okText={t('common.yes')}
              cancelText={t('common.no')}
              // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
              onConfirm={() => remove(w)}
            >
              <Tooltip title={t('common.delete')}>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
              </Tooltip>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <PageHeader
        title={t('webhooks.title')}
        subtitle={t('webhooks.intro', { name: org.name })}
        actions={
          canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ kind: 'create', org })}>
              {t('webhooks.create')}
            </Button>
          )
        }
      />
      {!canEdit && <Alert type="info" showIcon message={t('webhooks.readOnly')} style={{ marginBottom: 16 }} />}
      <ErrorNotice error={types.error} onRetry={() => void types.reload()} />
      <PagedTable<Webhook>
        list={list}
        rowKey="id"
        data-testid="webhooks-table"
        columns={columns}
        scroll={{ x: canEdit ? 900 : 820 }}
        locale={{ emptyText: t('webhooks.empty') }}
      />
      <WebhookFormModal
        target={target}
        orgName={org.name}
        eventTypes={eventTypes}
        onClose={() => setTarget(null)}
        onSaved={(saved) => {
          const created = target?.kind === 'create';
          message.success(t(created ? 'webhooks.created' : 'webhooks.saved'));
          setTarget(null);
          if (created && 'secret' in saved) setSecret({ webhook: saved, rotated: false });
          if (deliveriesOf?.id === saved.id) setDeliveriesOf(saved);
          list.reload();
        }}
      />
      <WebhookSecretModal shown={secret} onClose={() => setSecret(null)} />
      <WebhookDeliveriesDrawer
        webhook={deliveriesOf}
        eventName={eventName}
        canEdit={canEdit}
        onClose={() => setDeliveriesOf(null)}
      />
    </Card>
  );
}
