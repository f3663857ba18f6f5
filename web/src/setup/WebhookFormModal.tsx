import { useEffect, useState } from 'react';
import { Alert, Checkbox, Col, Form, Input, Modal, Row, Switch } from 'antd';
import { DomainError } from '../api/client';
import { webhooks as webhooksApi } from '../api/endpoints';
import type { Org, Webhook, WebhookEventType, WebhookInput, WebhookWithSecret } from '../api/types';
import { errorText, showFieldErrors } from '../common/formErrors';
import { useI18n } from '../i18n';
import type { Translate } from '../i18n';

export type WebhookTarget = { kind: 'create'; org: Org } | { kind: 'edit'; webhook: Webhook };

interface Values {
  url: string;
  events: string[];
  include_suborgs: boolean;
  enabled: boolean;
}

const FIELDS = [['url'], ['events'], ['include_suborgs'], ['enabled']];
const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i;

/** Why Lineport turned a webhook off, in a sentence; null when it did not. */
export function disabledReasonText(webhook: Webhook, t: Translate): string | null {
  if (webhook.enabled || !webhook.disabled_reason) return null;
  return t(webhook.disabled_reason === 'gone' ? 'webhooks.disabledGone' : 'webhooks.disabledFailing');
}

/** Only what the form changed, for PATCH. */
function changes(webhook: Webhook, input: Required<WebhookInput>): WebhookInput {
  const out: WebhookInput = {};
  if (input.url !== webhook.url) out.url = input.url;
  const sameEvents = input.events.length === webhook.events.length && input.events.every((e) => webhook.events.includes(e));
  if (!sameEvents) out.events = input.events;
  if (input.include_suborgs !== webhook.include_suborgs) out.include_suborgs = input.include_suborgs;
  if (input.enabled !== webhook.enabled) out.enabled = input.enabled;
  return out;
}

/**
 * Add or edit a webhook: its URL, the events it receives (named as GET /webhook-event-types names
 * them, with "Select all"), whether the sub-organizations' events come too, and on or off. A
 * creation's answer carries the signing secret, handed to `onSaved` to be shown once.
 */
export function WebhookFormModal({
  target,
  orgName,
  eventTypes,
  onClose,
  onSaved,
}: {
  target: WebhookTarget | null;
  /** The organization whose webhook it is. */
  orgName: string;
  eventTypes: WebhookEventType[];
  onClose: () => void;
  onSaved: (webhook: Webhook | WebhookWithSecret) => void;
}) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const webhook = target?.kind === 'edit' ? target.webhook : null;
  const chosen = Form.useWatch('events', form) ?? [];
  const allTypes = eventTypes.map((e) => e.type);
  const chosenKnown = allTypes.filter((type) => chosen.includes(type)).length;

  useEffect(() => {
    setNotice(null);
    form.resetFields();
    if (target) {
      form.setFieldsValue({
        url: webhook?.url ?? '',
        events: webhook?.events ?? [],
        include_suborgs: webhook?.include_suborgs ?? true,
        enabled: webhook?.enabled ?? true,
      });
    }
  }, [target, webhook, form]);

  const submit = async (values: Values) => {
    if (!target) return;
    const input = {
      url: values.url.trim(),
      // In the catalog's order.
      events: [...values.events].sort((a, b) => allTypes.indexOf(a) - allTypes.indexOf(b)),
      include_suborgs: values.include_suborgs,
      enabled: values.enabled,
    };
    const patch = target.kind === 'edit' ? changes(target.webhook, input) : input;
    if (target.kind === 'edit' && Object.keys(patch).length === 0) return onClose();
    setBusy(true);
    setNotice(null);
    try {
      onSaved(
        target.kind === 'create'
          ? await webhooksApi.create(target.org.id, input)
          : await webhooksApi.update(target.webhook.id, patch),
      );
    } catch (e) {
      if (e instanceof DomainError && e.errors.length) {
        const rest = showFieldErrors(form, e, FIELDS);
        if (rest.length) setNotice(rest.join(' '));
      } else {
        setNotice(errorText(e, t('common.errorGeneric')));
      }
    } finally {
      setBusy(false);
    }
  };

  const reason = webhook && disabledReasonText(webhook, t);

  return (
    <Modal
      open={target !== null}
      title={webhook ? t('webhooks.editTitle') : t('webhooks.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={720}
      forceRender
    >
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      {reason && (
        <Alert
          type="warning"
          showIcon
          message={reason}
          description={t('webhooks.reenableHelp')}
          style={{ marginBottom: 16 }}
          data-testid="webhook-disabled-reason"
        />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} name="webhook">
        <Form.Item
          name="url"
          label={t('webhooks.url')}
          extra={t('webhooks.urlHelp')}
          rules={[
            { required: true, whitespace: true, message: t('webhooks.urlRequired') },
            { pattern: HTTP_URL, message: t('webhooks.urlInvalid') },
          ]}
        >
          <Input autoFocus placeholder="https://" inputMode="url" autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('webhooks.events')} required style={{ marginBottom: 0 }}>
          <Checkbox
            checked={allTypes.length > 0 && chosenKnown === allTypes.length}
            indeterminate={chosenKnown > 0 && chosenKnown < allTypes.length}
            onChange={(e) => form.setFields([{ name: 'events', value: e.target.checked ? allTypes : [], errors: [] }])}
            disabled={busy || allTypes.length === 0}
            data-testid="webhook-events-all"
          >
            {t('webhooks.selectAll')}
          </Checkbox>
        </Form.Item>
        <Form.Item
          name="events"
          rules={[{ type: 'array', min: 1, message: t('webhooks.eventsRequired') }]}
          style={{ marginTop: 8 }}
          data-testid="webhook-events"
        >
          <Checkbox.Group style={{ width: '100%' }} aria-label={t('webhooks.events')}>
            <Row gutter={[8, 4]}>
              {eventTypes.map((e) => (
                <Col key={e.type} xs={24} sm={12}>
                  <Checkbox value={e.type}>{e.name[language] || e.name.en || e.type}</Checkbox>
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        </Form.Item>
        <Form.Item
          name="include_suborgs"
          label={t('webhooks.includeSuborgs')}
          valuePropName="checked"
          extra={t('webhooks.includeSuborgsHelp', { name: orgName })}
        >
          <Switch />
        </Form.Item>
        <Form.Item name="enabled" label={t('webhooks.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
