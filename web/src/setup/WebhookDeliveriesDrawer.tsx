import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Drawer, Flex, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined, RetweetOutlined, SendOutlined } from '@ant-design/icons';
import { webhooks as webhooksApi } from '../api/endpoints';
import type { DeliveryAttempt, DeliveryStatus, Webhook, WebhookDelivery } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime, formatNumber } from '../common/format';
import { errorText } from '../common/formErrors';
import { useCursorList } from '../common/useCursorList';
import { useI18n } from '../i18n';

const STATUS_COLOR: Record<DeliveryStatus, string> = { pending: 'processing', succeeded: 'success', failed: 'error' };

/** How often a delivery about to be tried is looked at again, and how many times in a row at most. */
const POLL_MS = 2_000;
const POLL_MAX = 60;

/** A pending delivery whose next try is now or in a moment: its outcome is worth reading again soon. */
const dueSoon = (d: WebhookDelivery) =>
  d.status === 'pending' && (d.next_attempt_at === null || Date.parse(d.next_attempt_at) - Date.now() < 10_000);

/** The payload sent and each try with the receiver's answer. */
function DeliveryDetails({ delivery }: { delivery: WebhookDelivery }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const columns: TableColumnsType<DeliveryAttempt> = [
    { title: t('webhooks.col.attempt'), dataIndex: 'attempt', width: 80 },
    {
      title: t('webhooks.col.time'),
      dataIndex: 'attempted_at',
      width: 190,
      render: (at: string) => formatDateTime(at, locale, me.admin.timezone, true),
    },
    {
      title: t('webhooks.col.httpStatus'),
      dataIndex: 'status_code',
      width: 110,
      render: (code: number | null) =>
        code === null ? (
          <Typography.Text type="secondary">{t('webhooks.noStatus')}</Typography.Text>
        ) : (
          <Tag color={code >= 200 && code < 300 ? 'success' : 'error'} data-testid="attempt-status">
            {code}
          </Tag>
        ),
    },
    {
      title: t('webhooks.col.latency'),
      dataIndex: 'latency_ms',
      width: 100,
      align: 'right',
      render: (ms: number) => t('webhooks.latencyMs', { ms: formatNumber(ms, locale) }),
    },
    {
      title: t('webhooks.col.response'),
      dataIndex: 'response_excerpt',
      render: (text: string | null) =>
        text ? (
          <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {text}
          </Typography.Text>
        ) : null,
    },
    {
      title: t('webhooks.col.error'),
      dataIndex: 'error',
      render: (text: string | null) => (text ? <Typography.Text type="danger">{text}</Typography.Text> : null),
    },
  ];
  return (
    <Flex vertical gap={12} data-testid="delivery-details">
      <div>
        <Typography.Text type="secondary">{t('webhooks.messageId')}: </Typography.Text>
        <Typography.Text code copyable data-testid="delivery-message-id">
          {delivery.message_id}
        </Typography.Text>
      </div>
      <div>
        <Typography.Text strong>{t('webhooks.payload')}</Typography.Text>
        <pre
          data-testid="delivery-payload"
          style={{
            margin: '4px 0 0',
            padding: 12,
            maxHeight: 320,
            overflow: 'auto',
            whiteSpace: 'pre-wrap',
            wordBreak: 'break-all',
            fontSize: 12,
            background: 'rgba(0, 0, 0, 0.04)',
            borderRadius: 6,
          }}
        >
          {JSON.stringify(delivery.payload, null, 2)}
        </pre>
      </div>
      <div>
        <Typography.Text strong>{t('webhooks.attemptLog')}</Typography.Text>
        <Table<DeliveryAttempt>
          rowKey="attempt"
          size="small"
          data-testid="delivery-attempts"
          columns={columns}
          dataSource={delivery.attempt_log}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: t('webhooks.noAttempts') }}
          style={{ marginTop: 4 }}
        />
      </div>
    </Flex>
  );
}

/**
 * The deliveries of a webhook, newest first, a page at a time: each one's event, status, tries and
 * next try, opening onto its payload and its attempt log. With the edit privilege a delivery can
 * be replayed (a new delivery of the same message) and a test event sent. A delivery about to be
 * tried is read again by itself for a while; Refresh reads the list again at any time.
 */
export function WebhookDeliveriesDrawer({
  webhook,
  eventName,
  canEdit,
  onClose,
}: {
  webhook: Webhook | null;
  /** The event's name in the reader's language. */
  eventName: (type: string) => string;
  canEdit: boolean;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const webhookId = webhook?.id ?? null;
  const fetchPage = useCallback(
    async (cursor: string | null) => ({ ...(await webhooksApi.deliveries(webhookId ?? '', cursor)), total: 0 }),
    [webhookId],
  );
  const list = useCursorList<WebhookDelivery>(webhookId ? fetchPage : null);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  // Pages read after the first: a poll reads the first page only, so it stops once there are more.
  const [more, setMore] = useState(false);
  const polls = useRef(0);

  useEffect(() => {
    setExpanded([]);
    setMore(false);
    polls.current = 0;
  }, [webhookId]);

  const refresh = () => {
    polls.current = 0;
    setMore(false);
    list.reload();
  };

  const { items, loading, reload } = list;
  useEffect(() => {
    if (!webhookId || loading || more || polls.current >= POLL_MAX || !items.some(dueSoon)) return;
    const timer = setTimeout(() => {
      polls.current += 1;
      reload();
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [webhookId, items, loading, more, reload]);

  const act = async (key: string, call: () => Promise<WebhookDelivery>, done: string) => {
    setBusy(key);
    try {
      await call();
      message.success(done);
      refresh();
    } catch (e) {
      message.error(errorText(e, t('common.errorGeneric')));
    } finally {
      setBusy(null);
    }
  };

  const time = (iso: string | null) => formatDateTime(iso, locale, me.admin.timezone, true);
  const columns: TableColumnsType<WebhookDelivery> = [
    {
      title: t('webhooks.col.type'),
      key: 'type',
      render: (_, d) => (
        <Flex vertical>
          <Typography.Text>{eventName(d.type)}</Typography.Text>
          <Space size={4}>
            <Typography.Text type="secondary" code data-testid="delivery-type">
              {d.type}
            </Typography.Text>
            {d.replay_of && <Tag data-testid="delivery-replay">{t('webhooks.replayTag')}</Tag>}
          </Space>
        </Flex>
      ),
    },
    {
      title: t('webhooks.col.status'),
      dataIndex: 'status',
      width: 120,
      render: (status: DeliveryStatus) => (
        <Tag color={STATUS_COLOR[status]} data-testid="delivery-status">
          {t(`webhooks.delivery.${status}`)}
        </Tag>
      ),
    },
    {
      title: t('webhooks.col.attempts'),
      dataIndex: 'attempts',
      width: 100,
      align: 'right',
      render: (n: number) => <span data-testid="delivery-attempt-count">{formatNumber(n, locale)}</span>,
    },
    { title: t('webhooks.col.created'), dataIndex: 'created_at', width: 190, render: time },
    { title: t('webhooks.col.nextAttempt'), dataIndex: 'next_attempt_at', width: 190, render: time },
  ];
  if (canEdit) {
    columns.push({
      title: t('webhooks.actions'),
      key: 'actions',
      width: 110,
      render: (_, d) => (
        <Button
          size="small"
          icon={<RetweetOutlined />}
          loading={busy === d.id}
          disabled={busy !== null && busy !== d.id}
          onClick={() => void act(d.id, () => webhooksApi.replay(d.webhook_id, d.id), t('webhooks.replayQueued'))}
        >
          {t('webhooks.replay')}
        </Button>
      ),
    });
  }

  return (
    <Drawer
      open={webhook !== null}
      title={t('webhooks.deliveriesTitle')}
      width={1000}
      onClose={onClose}
      data-testid="webhook-deliveries"
      extra={
        <Space>
          {canEdit && webhook && (
            <Button
              icon={<SendOutlined />}
              loading={busy === 'test'}
              disabled={busy !== null && busy !== 'test'}
              onClick={() => void act('test', () => webhooksApi.test(webhook.id), t('webhooks.testQueued'))}
            >
              {t('webhooks.sendTest')}
            </Button>
          )}
          <Tooltip title={t('webhooks.refresh')}>
            <Button icon={<ReloadOutlined />} loading={loading} onClick={refresh} aria-label={t('webhooks.refresh')} />
          </Tooltip>
        </Space>
      }
    >
      {webhook && (
        <Typography.Paragraph type="secondary" copyable={{ text: webhook.url }} data-testid="deliveries-url">
          {webhook.url}
        </Typography.Paragraph>
      )}
      {list.error && (
        <Alert
          type="error"
          showIcon
          message={list.error.detail}
          action={<Button onClick={refresh}>{t('common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<WebhookDelivery>
        rowKey="id"
        data-testid="deliveries-table"
        columns={columns}
        dataSource={items}
        // Only the first read covers the table: later ones (Refresh, the polls) leave the rows usable.
        loading={loading && items.length === 0}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: t('webhooks.noDeliveries') }}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: (keys) => setExpanded(keys.map(String)),
          expandedRowRender: (d) => <DeliveryDetails delivery={d} />,
        }}
      />
      {list.hasMore && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button
            loading={loading}
            onClick={() => {
              setMore(true);
              list.loadMore();
            }}
          >
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </Drawer>
  );
}
