import { useEffect, useState } from 'react';
import { Alert, Button, Col, Flex, Form, Input, Radio, Row, Select, Switch, Typography } from 'antd';
import { DomainError } from '../api/client';
import { accounts } from '../api/endpoints';
import type { Account, AccountInput, MonitorCalls, MonitorSms, PermissionGroup } from '../api/types';
import { errorText, showFieldErrors } from '../common/formErrors';
import { useI18n } from '../i18n';
import { NumberOrTagSelect, decodeChoice, encodeChoice } from '../numbers/NumberOrTagSelect';

interface Values {
  first_name: string;
  last_name: string;
  login: string;
  assign_number: boolean;
  number_choice?: string;
  permission_group_id?: string;
  social_messaging: boolean;
  restrict_incoming_social_messaging: boolean;
  monitor_calls: MonitorCalls;
  monitor_sms: MonitorSms;
  forwarding_number: string;
}

const FIELDS = [
  ['first_name'],
  ['last_name'],
  ['login'],
  ['permission_group_id'],
  ['social_messaging'],
  ['restrict_incoming_social_messaging'],
  ['monitor_calls'],
  ['monitor_sms'],
  ['forwarding_number'],
];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DEVICE = /^\+?[1-9]\d{3,17}$/;
/** 4 to 18 digits with the country code (CSV table of the seed). */
const FORWARDING = /^\+?\d{4,18}$/;

const valuesOf = (account: Account | null): Values => ({
  first_name: account?.first_name ?? '',
  last_name: account?.last_name ?? '',
  login: account?.login ?? '',
  assign_number: !!account?.multiline_number,
  number_choice: account?.multiline_number ? encodeChoice({ number: account.multiline_number }) : undefined,
  permission_group_id: account?.permission_group_id ?? undefined,
  social_messaging: account?.social_messaging ?? false,
  restrict_incoming_social_messaging: account?.restrict_incoming_social_messaging ?? false,
  monitor_calls: account?.monitor_calls ?? 'off',
  monitor_sms: account?.monitor_sms ?? 'off',
  forwarding_number: account?.forwarding_number ?? '',
});

/** The fields to send: all of them for a new account, only the changed ones for an edit. */
function inputOf(values: Values, before: Account | null): AccountInput {
  const choice = values.assign_number ? decodeChoice(values.number_choice) : null;
  const all: AccountInput = {
    first_name: values.first_name.trim(),
    last_name: values.last_name.trim(),
    login: values.login.trim(),
    permission_group_id: values.permission_group_id,
    social_messaging: values.social_messaging,
    restrict_incoming_social_messaging: values.social_messaging && values.restrict_incoming_social_messaging,
    monitor_calls: values.monitor_calls,
    monitor_sms: values.monitor_sms,
    forwarding_number: values.forwarding_number.trim() || null,
  };
  if (!before) {
    if (choice && 'tag' in choice) all.tag = choice.tag;
    if (choice && 'number' in choice) all.multiline_number = choice.number;
    return all;
  }
  const changes: AccountInput = {};
  for (const [key, value] of Object.entries(all) as [keyof AccountInput, unknown][]) {
    if (value !== (before as unknown as Record<string, unknown>)[key]) (changes as Record<string, unknown>)[key] = value;
  }
  if (!choice && before.multiline_number) changes.multiline_number = null;
  if (choice && 'tag' in choice) changes.tag = choice.tag;
  if (choice && 'number' in choice && choice.number !== before.multiline_number) changes.multiline_number = choice.number;
  return changes;
}

/**
 * "Single Account": name, login (email or device number), the number (or a tag to take one
 * from), user permissions and app options; Save, or Save & Invite. Also the edit form.
 */
export function SingleAccountForm({
  orgId,
  orgName,
  groups,
  account,
  onSaved,
  onCancel,
}: {
  orgId: string;
  orgName: string;
  groups: PermissionGroup[];
  /** The account being edited; null adds one to `orgId`. */
  account: Account | null;
  onSaved: (account: Account, invited: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState<'save' | 'invite' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const assign = Form.useWatch('assign_number', form);
  const social = Form.useWatch('social_messaging', form);
  const defaultGroup = groups.find((g) => g.is_default)?.id;

  useEffect(() => {
    setNotice(null);
    form.resetFields();
    form.setFieldsValue(valuesOf(account));
  }, [account, form]);
  // A new account gets the organization's default group once the groups have been read.
  useEffect(() => {
    if (!account && defaultGroup && !form.getFieldValue('permission_group_id')) {
      form.setFieldValue('permission_group_id', defaultGroup);
    }
  }, [account, defaultGroup, form]);

  const submit = async (invite: boolean) => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(invite ? 'invite' : 'save');
    setNotice(null);
    try {
      const input = inputOf(values, account);
      const saved = account
        ? Object.keys(input).length
          ? await accounts.update(account.id, input)
          : account
        : await accounts.create(orgId, { ...input, invite });
      onSaved(saved, invite);
    } catch (e) {
      if (!(e instanceof DomainError)) {
        setNotice(errorText(e, t('common.errorGeneric')));
      } else if (e.code === 'login_taken') {
        // A login is one user across every organization; the answer names the one that has it
        // when the caller may see it.
        const org = typeof e.problem.org_name === 'string' ? e.problem.org_name : null;
        form.setFields([
          { name: 'login', errors: [org ? t('accounts.form.loginTakenIn', { org }) : t('accounts.form.loginTaken')] },
        ]);
      } else if (e.code === 'number_unavailable') {
        form.setFields([{ name: 'number_choice', errors: [e.detail] }]);
      } else if (e.code === 'no_numbers_available') {
        setNotice(t('accounts.form.noNumbersToInvite', { detail: e.detail }));
      } else {
        const unmatched = showFieldErrors(form, e, FIELDS);
        const number = unmatched.filter((m) => /^(multiline_number|tag)/.test(m));
        if (number.length) form.setFields([{ name: 'number_choice', errors: number }]);
        const rest = unmatched.filter((m) => !number.includes(m));
        if (e.errors.length === 0 || rest.length) setNotice([e.detail, ...rest].join(' '));
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" name="account-form" disabled={busy !== null} onFinish={() => void submit(false)}>
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">
        {t(account ? 'accounts.form.ofOrg' : 'accounts.form.inOrg', { name: orgName })}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="first_name" label={t('profile.firstName')}>
            <Input maxLength={100} autoFocus={!account} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="last_name" label={t('profile.lastName')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="login"
            label={t('accounts.form.login')}
            extra={t('accounts.form.loginHelp')}
            rules={[
              { required: true, whitespace: true, message: t('accounts.form.loginRequired') },
              {
                validator: (_, value: string | undefined) => {
                  const v = (value ?? '').trim();
                  return !v || EMAIL.test(v) || DEVICE.test(v)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('accounts.form.loginInvalid')));
                },
              },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="assign_number"
            label={t('accounts.form.assignNumber')}
            valuePropName="checked"
            extra={assign ? undefined : t('accounts.form.noNumberHelp')}
          >
            <Switch />
          </Form.Item>
          {assign && (
            <Form.Item
              name="number_choice"
              label={t('accounts.form.numberOrTag')}
              rules={[{ required: true, message: t('accounts.form.numberRequired') }]}
            >
              <NumberOrTagSelect orgId={account?.org_id ?? orgId} current={account?.multiline_number} />
            </Form.Item>
          )}
        </Col>
        <Col xs={24}>
          <Form.Item name="permission_group_id" label={t('accounts.form.permissionGroup')}>
            <Select
              options={groups.map((g) => ({
                value: g.id,
                label: g.is_default ? `${g.name} (${t('permissions.default')})` : g.name,
              }))}
              placeholder={t('accounts.form.defaultGroup')}
              data-testid="permission-group"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="social_messaging"
            label={t('accounts.form.socialMessaging')}
            valuePropName="checked"
            extra={t('accounts.form.socialHelp')}
          >
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          {social && (
            <Form.Item name="restrict_incoming_social_messaging" label={t('accounts.form.restrictSocial')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="monitor_calls" label={t('accounts.form.monitorCalls')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'auto', label: t('accounts.form.monitorAuto') },
                { value: 'off', label: t('accounts.form.off') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="monitor_sms" label={t('accounts.form.monitorSms')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'on', label: t('accounts.form.on') },
                { value: 'off', label: t('accounts.form.off') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="forwarding_number"
            label={t('accounts.form.forwardingNumber')}
            extra={t('accounts.form.forwardingHelp')}
            rules={[{ pattern: FORWARDING, message: t('accounts.form.forwardingInvalid') }]}
          >
            <Input placeholder="+14155550123" />
          </Form.Item>
        </Col>
      </Row>
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onCancel} disabled={false}>
          {t('common.cancel')}
        </Button>
        <Button htmlType="submit" loading={busy === 'save'} type={account ? 'primary' : 'default'}>
          {t('common.save')}
        </Button>
        {!account && (
          <Button type="primary" loading={busy === 'invite'} onClick={() => void submit(true)}>
            {t('accounts.form.saveInvite')}
          </Button>
        )}
      </Flex>
    </Form>
  );
}
