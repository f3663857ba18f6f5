import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Select, Skeleton, Tag, Typography } from 'antd';
import { DomainError } from '../api/client';
import { orgs } from '../api/endpoints';
import type { Org } from '../api/types';
import { ErrorNotice } from '../common/ErrorNotice';
import { errorText, showFieldErrors } from '../common/formErrors';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import type { Translate } from '../i18n';
import { MAX_BLOCKED_PREFIXES, listFaults, readBlockedPrefixes } from './blockedPrefixes';

const FIELD = 'call_filter_blocked_prefixes';

interface Values {
  [FIELD]: string[];
}

/** Why a typed list cannot be saved, or null. */
function refusal(list: string[], above: string[], t: Translate): string | null {
  const faults = listFaults(list, above);
  if (!faults) return null;
  const parts: string[] = [];
  if (faults.malformed.length) parts.push(t('subscriptions.prefixInvalid', { prefixes: faults.malformed.join(', ') }));
  if (faults.repeated.length) parts.push(t('blocked.repeated', { prefixes: faults.repeated.join(', ') }));
  if (faults.blockedAbove.length) parts.push(t('blocked.alreadyAbove', { prefixes: faults.blockedAbove.join(', ') }));
  if (faults.tooMany) parts.push(t('blocked.tooMany', { max: MAX_BLOCKED_PREFIXES }));
  return parts.join(' ');
}

function PrefixTags({ prefixes, testId }: { prefixes: string[]; testId: string }) {
  const { t } = useI18n();
  if (!prefixes.length) return <Typography.Text type="secondary">{t('blocked.none')}</Typography.Text>;
  return (
    <Flex wrap gap={6} data-testid={testId}>
      {prefixes.map((p) => (
        <Tag key={p}>{p}</Tag>
      ))}
    </Flex>
  );
}

/**
 * "Blocked destinations": the prefixes the organization's users may not call (the inherited
 * setting `call_filter_blocked_prefixes`, whose lists add up from the root down). Those blocked
 * above show as they are; an editor changes the organization's own list.
 */
export function BlockedPrefixesCard({ org, canEdit }: { org: Org; canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const data = useApiData(useCallback(() => readBlockedPrefixes(org.id), [org.id]));
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const typed = Form.useWatch(FIELD, form);

  const held = data.data?.own ?? null;
  const heldText = held ? held.join('\n') : '';
  // The form starts again from what the server holds whenever that changes.
  useEffect(() => form.setFieldsValue({ [FIELD]: heldText ? heldText.split('\n') : [] }), [form, heldText]);
  const changed = (typed ?? []).join('\n') !== heldText;

  const save = async ({ [FIELD]: list }: Values) => {
    setSaving(true);
    setNotice(null);
    try {
      // An emptied list drops the organization's own: only the entries from above stay.
      await orgs.updateSettings(org.id, { [FIELD]: list.length ? list : null });
      message.success(t('blocked.saved', { name: org.name }));
      await data.reload();
    } catch (e) {
      if (e instanceof DomainError && e.errors.length) {
        const rest = showFieldErrors(form, e, [[FIELD]]);
        setNotice(rest.length ? rest.join(' ') : null);
      } else {
        setNotice(errorText(e, t('common.errorGeneric')));
      }
    } finally {
      setSaving(false);
    }
  };

  const d = data.data;
  return (
    <Card size="small" title={t('blocked.title')} style={{ marginBottom: 16 }} data-testid="blocked-prefixes">
      <ErrorNotice error={data.error} onRetry={() => void data.reload()} />
      {!d && !data.error && <Skeleton active paragraph={{ rows: 1 }} />}
      {d && (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('blocked.intro', { name: org.name })}</Typography.Text>
          <>
            <Flex vertical gap={4}>
              <Typography.Text strong>
                {d.sourceName ? t('blocked.aboveFrom', { name: d.sourceName }) : t('blocked.above')}
              </Typography.Text>
              <PrefixTags prefixes={d.above} testId="blocked-above" />
              <Typography.Text type="secondary">{t('blocked.aboveNote')}</Typography.Text>
            </Flex>
            {canEdit ? (
              <Form form={form} layout="vertical" name="blocked-prefixes" onFinish={(v) => void save(v)}>
                {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 12 }} />}
                <Form.Item
                  name={FIELD}
                  label={t('blocked.own', { name: org.name })}
                  htmlFor="blocked-own"
                  extra={t('blocked.help')}
                  rules={[
                    {
                      validator: (_, v: string[] | undefined) => {
                        const why = refusal(v ?? [], d.above, t);
                        return why ? Promise.reject(new Error(why)) : Promise.resolve();
                      },
                    },
                  ]}
                >
                  <Select
                    id="blocked-own"
                    mode="tags"
                    open={false}
                    suffixIcon={null}
                    // Not a space: "+1 900" is one wrong entry, not the two prefixes "+1" and "900".
                    tokenSeparators={[',', ';', '\n']}
                    placeholder="+1900"
                    data-testid="blocked-own"
                  />
                </Form.Item>
                <Flex gap={8}>
                  <Button type="primary" htmlType="submit" loading={saving} disabled={!changed}>
                    {t('common.save')}
                  </Button>
                  {changed && (
                    <Button
                      onClick={() => {
                        form.resetFields();
                        form.setFieldsValue({ [FIELD]: d.own ?? [] });
                        setNotice(null);
                      }}
                    >
                      {t('common.cancel')}
                    </Button>
                  )}
                </Flex>
              </Form>
            ) : (
              <Flex vertical gap={4}>
                <Typography.Text strong>{t('blocked.own', { name: org.name })}</Typography.Text>
                <PrefixTags prefixes={d.own} testId="blocked-own-list" />
                <Typography.Text type="secondary">{t('setting.readOnly')}</Typography.Text>
              </Flex>
            )}
          </>
        </Flex>
      )}
    </Card>
  );
}
