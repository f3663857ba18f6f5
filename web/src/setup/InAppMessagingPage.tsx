import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Switch,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { DomainError } from '../api/client';
import { accounts, inAppMessages, permissionGroups } from '../api/endpoints';
import type { InAppMessage, InAppMessageInput } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { errorText, showFieldErrors } from '../common/formErrors';
import { formatDateTime } from '../common/format';
import { PagedTable } from '../common/PagedTable';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { useCursorList } from '../common/useCursorList';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';

const MAX_TEXT = 500;
type Audience = 'all' | 'group' | 'accounts';

interface Values {
  text: string;
  include_suborgs: boolean;
  audience: Audience;
  permission_group_id?: string;
  account_ids?: string[];
  starts_at?: Dayjs | null;
  expires_at?: Dayjs | null;
}

/** Whether a message shows now, later, or no longer. */
const statusOf = (m: InAppMessage, now: number) =>
  Date.parse(m.starts_at) > now ? 'scheduled' : Date.parse(m.expires_at) <= now ? 'expired' : 'showing';
const STATUS_COLOR = { scheduled: 'blue', showing: 'green', expired: 'default' } as const;

/** "New message": the text, who gets it, and when it shows. */
function NewMessageModal({ open, onClose, onSent }: { open: boolean; onClose: () => void; onSent: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { org } = useCurrentOrg();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const orgId = org?.id ?? '';
  const audience = Form.useWatch('audience', form);
  const includeSuborgs = Form.useWatch('include_suborgs', form);
  const groups = useApiData(useCallback(() => permissionGroups.list(orgId), [orgId]));
  // The accounts are searched only once the admin chooses to pick some.
  const pickAccounts = open && audience === 'accounts';
  const searchAccounts = useCallback(
    () => accounts.list(orgId, { q: query || undefined, include_suborgs: includeSuborgs !== false, limit: 20 }),
    [orgId, query, includeSuborgs],
  );
  const found = useApiData(pickAccounts ? searchAccounts : null);
  const [picked, setPicked] = useState<Map<string, string>>(new Map());

  useEffect(() => {
    if (open) {
      form.resetFields();
      setNotice(null);
      setPicked(new Map());
    }
  }, [open, form]);

  const accountOptions = useMemo(() => {
    const options = new Map(picked);
    for (const a of found.data?.items ?? []) {
      const name = `${a.first_name} ${a.last_name}`.trim();
      options.set(a.id, name ? `${name} (${a.login})` : a.login);
    }
    return [...options].map(([value, label]) => ({ value, label }));
  }, [found.data, picked]);

  const send = async (values: Values) => {
    if (!org) return;
    setSaving(true);
    setNotice(null);
    const input: InAppMessageInput = {
      text: values.text,
      include_suborgs: values.include_suborgs,
      expires_at: values.expires_at?.toISOString() ?? '',
    };
    if (values.starts_at) input.starts_at = values.starts_at.toISOString();
    if (values.audience === 'group' && values.permission_group_id) input.permission_group_id = values.permission_group_id;
    if (values.audience === 'accounts') input.account_ids = values.account_ids ?? [];
    try {
      await inAppMessages.create(org.id, input);
      message.success(t('inApp.sent'));
      onSent();
    } catch (e) {
      if (e instanceof DomainError && e.errors.length) {
        const unmatched = showFieldErrors(form, e, [
          ['text'],
          ['include_suborgs'],
          ['permission_group_id'],
          ['account_ids'],
          ['starts_at'],
          ['expires_at'],
        ]);
        setNotice(unmatched.length ? unmatched.join(' ') : t('common.fixErrors'));
      } else {
        setNotice(errorText(e, t('common.errorGeneric')));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('inApp.newTitle')}
      onCancel={onClose}
      okText={t('inApp.send')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      width={640}
    >
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        name="inAppMessage"
        onFinish={(v) => void send(v)}
        initialValues={{ text: '', include_suborgs: true, audience: 'all', expires_at: dayjs().add(7, 'day').startOf('minute') }}
      >
        <Form.Item
          name="text"
          label={t('inApp.text')}
          rules={[{ required: true, whitespace: true, message: t('inApp.textRequired') }]}
        >
          <Input.TextArea rows={4} showCount maxLength={MAX_TEXT} />
        </Form.Item>
        <Form.Item name="include_suborgs" label={t('common.includeSuborgs')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="audience" label={t('inApp.audience')}>
          <Radio.Group
            options={[
              { value: 'all', label: t('inApp.audienceAll') },
              { value: 'group', label: t('inApp.audienceGroup') },
              { value: 'accounts', label: t('inApp.audienceAccounts') },
            ]}
          />
        </Form.Item>
        {audience === 'group' && (
          <Form.Item
            name="permission_group_id"
            label={t('inApp.permissionGroup')}
            rules={[{ required: true, message: t('inApp.groupRequired') }]}
          >
            <Select
              loading={groups.loading}
              options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
              showSearch
              optionFilterProp="label"
            />
          </Form.Item>
        )}
        {audience === 'accounts' && (
          <Form.Item
            name="account_ids"
            label={t('inApp.accounts')}
            rules={[{ required: true, message: t('inApp.accountsRequired') }]}
          >
            <Select
              mode="multiple"
              showSearch
              filterOption={false}
              onSearch={setQuery}
              loading={found.loading}
              options={accountOptions}
              placeholder={t('inApp.accountsSearch')}
              onChange={(ids: string[]) =>
                setPicked(new Map(accountOptions.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label])))
              }
            />
          </Form.Item>
        )}
        <Flex gap={16} wrap>
          <Form.Item name="starts_at" label={t('inApp.startsAt')} extra={t('inApp.startsAtHelp')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item
            name="expires_at"
            label={t('inApp.expiresAt')}
            rules={[{ required: true, message: t('inApp.expiresRequired') }]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

/** Setup > In-App Messaging: the messages shown in the app, sending one, withdrawing one. */
export function InAppMessagingPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const me = useMe();
  const { org } = useCurrentOrg();
  const [creating, setCreating] = useState(false);
  const orgId = org?.id ?? '';
  const list = useCursorList(useCallback((cursor: string | null) => inAppMessages.list(orgId, { cursor, limit: 50 }), [orgId]));
  const groups = useApiData(useCallback(() => permissionGroups.list(orgId), [orgId]));
  if (!org) return null;
  const canEdit = can('setup.edit.in_app_messaging');
  const now = Date.now();
  const time = (iso: string) => formatDateTime(iso, locale, me.admin.timezone);
  const groupName = (id: string) => groups.data?.items.find((g) => g.id === id)?.name ?? id;

  const withdraw = async (m: InAppMessage) => {
    try {
      await inAppMessages.remove(m.id);
      message.success(t('inApp.withdrawn'));
      list.reload();
    } catch (e) {
      message.error(errorText(e, t('common.errorGeneric')));
    }
  };

  const audience = (m: InAppMessage) => {
    const parts = [m.include_suborgs ? t('inApp.reachSubtree') : t('inApp.reachOrg')];
    if (m.permission_group_id) parts.push(t('inApp.reachGroup', { name: groupName(m.permission_group_id) }));
    if (m.account_count) parts.push(t('inApp.reachAccounts', { count: m.account_count }));
    return parts.join(' · ');
  };

  const columns: TableColumnsType<InAppMessage> = [
    {
      title: t('inApp.text'),
      dataIndex: 'text',
      width: 320,
      render: (text: string) => (
        <Typography.Paragraph
          ellipsis={{ rows: 3, expandable: true, symbol: t('inApp.more') }}
          style={{ margin: 0, whiteSpace: 'pre-line' }}
        >
          {text}
        </Typography.Paragraph>
      ),
    },
    { title: t('inApp.audience'), key: 'audience', render: (_, m) => audience(m) },
    { title: t('inApp.shown'), key: 'shown', render: (_, m) => `${time(m.starts_at)} – ${time(m.expires_at)}` },
    {
      title: t('inApp.status'),
      key: 'status',
      render: (_, m) => {
        const status = statusOf(m, now);
        return (
          <Tag color={STATUS_COLOR[status]} data-testid="in-app-status">
            {t(`inApp.status.${status}`)}
          </Tag>
        );
      },
    },
    {
      title: t('inApp.delivered'),
      dataIndex: 'delivered',
      align: 'right',
      render: (n: number) => <span data-testid="in-app-delivered">{n}</span>,
    },
    { title: t('inApp.read'), dataIndex: 'read', align: 'right', render: (n: number) => <span data-testid="in-app-read">{n}</span> },
    { title: t('inApp.createdBy'), key: 'created', render: (_, m) => `${m.created_by} · ${time(m.created_at)}` },
    ...(canEdit
      ? [
          {
            key: 'actions',
            render: (_: unknown, m: InAppMessage) => (
              <Popconfirm
                title={t('inApp.withdrawConfirm')}
                okText={t('common.yes')}
                cancelText={t('common.no')}
                // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
                onConfirm={() => withdraw(m)}
              >
                <Button size="small" danger>
                  {t('inApp.withdraw')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card>
      <PageHeader
        title={t('inApp.title')}
        subtitle={t('inApp.intro', { name: org.name })}
        actions={
          canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('inApp.new')}
            </Button>
          )
        }
      />
      {!canEdit && <Alert type="warning" showIcon message={t('inApp.readOnly')} style={{ marginBottom: 16 }} />}
      <PagedTable<InAppMessage>
        list={list}
        rowKey="id"
        size="middle"
        data-testid="in-app-table"
        columns={columns}
        locale={{ emptyText: t('inApp.none') }}
      />
      {canEdit && (
        <NewMessageModal
          open={creating}
          onClose={() => setCreating(false)}
          onSent={() => {
            setCreating(false);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}
