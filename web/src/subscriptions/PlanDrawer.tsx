import { useEffect, useState } from 'react';
import { Alert, Button, Drawer, Flex, Form, Input, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { DomainError } from '../api/client';
import { subscriptions } from '../api/endpoints';
import type { Org, SubscriptionPlan, UsablePlan } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime } from '../common/format';
import { showFieldErrors } from '../common/formErrors';
import { useI18n } from '../i18n';
import type { Translate } from '../i18n';
import { ChargingHistoryTable } from './ChargingHistoryTable';
import { CallFilteringFields, ChargingFields, FeatureFields, LimitFields } from './PlanFormSections';
import { NAME_MAX, PLAN_FORM_FIELDS, planChanges, planFormValues, planInput } from './planForm';
import type { PlanFormValues } from './planForm';

export type PlanTarget = { kind: 'create'; org: Org } | { kind: 'edit'; plan: UsablePlan } | { kind: 'view'; plan: UsablePlan };

/**
 * What to tell the admin about a refused save: field errors go on their fields (the notice then
 * points at them); null when the fields say it all.
 */
function refusalNotice(e: unknown, form: FormInstance<PlanFormValues>, t: Translate): string | null {
  if (!(e instanceof DomainError)) return t('common.errorGeneric');
  if (e.code === 'subscription_above_own') return t('subscriptions.aboveOwnRefused', { detail: e.detail });
  if (e.code === 'subscription_limit') return t('subscriptions.limitRefused', { detail: e.detail });
  if (e.code === 'name_taken') {
    form.setFields([{ name: 'name', errors: [t('subscriptions.nameTaken')] }]);
    return null;
  }
  if (!e.errors.length) return e.detail;
  const unmatched = showFieldErrors(form, e, PLAN_FORM_FIELDS);
  return unmatched.length === e.errors.length ? unmatched.join(' ') : [t('common.fixErrors'), ...unmatched].join(' ');
}

/** Who defines the plan, how many organizations are on it, and which prices are in force. */
function PlanFacts({ plan, editing }: { plan: UsablePlan; editing: boolean }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const since = formatDateTime(plan.charging.effective_from, locale, me.admin.timezone);
  return (
    <>
      {!plan.selectable && <Alert type="info" showIcon message={t('subscriptions.aboveOwnNote', { name: me.org.name })} />}
      <Typography.Paragraph type="secondary" style={{ marginTop: plan.selectable ? 0 : 12 }}>
        {t('subscriptions.definedOn', { org: plan.org_name })} · {t('subscriptions.inUse', { count: plan.in_use })}
        <br />
        {t('subscriptions.pricesInForce', { version: plan.charging.version, since })}
        {editing && ` ${t('subscriptions.priceChangeNote')}`}
      </Typography.Paragraph>
    </>
  );
}

/** Create a subscription plan, edit one, or look at one the admin may not change. */
export function PlanDrawer({
  target,
  onClose,
  onSaved,
}: {
  target: PlanTarget | null;
  onClose: () => void;
  onSaved: (plan: SubscriptionPlan) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<PlanFormValues>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const plan = target && target.kind !== 'create' ? target.plan : null;
  const readOnly = target?.kind === 'view';

  useEffect(() => {
    setNotice(null);
    form.resetFields();
    if (target) form.setFieldsValue(planFormValues(plan));
  }, [target, plan, form]);

  const submit = async (values: PlanFormValues) => {
    if (!target || target.kind === 'view') return;
    const input = planInput(values);
    const changes = target.kind === 'edit' ? planChanges(target.plan, input) : input;
    if (target.kind === 'edit' && Object.keys(changes).length === 0) return onClose();
    setBusy(true);
    setNotice(null);
    try {
      onSaved(
        target.kind === 'create'
          ? await subscriptions.create(target.org.id, input)
          : await subscriptions.update(target.plan.id, changes),
      );
    } catch (e) {
      setNotice(refusalNotice(e, form, t));
    } finally {
      setBusy(false);
    }
  };

  const title =
    target?.kind === 'create'
      ? t('subscriptions.createTitle')
      : target?.kind === 'edit'
        ? t('subscriptions.editTitle')
        : t('subscriptions.viewTitle');

  return (
    <Drawer
      open={target !== null}
      title={title}
      width={880}
      onClose={onClose}
      forceRender
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{readOnly ? t('common.close') : t('common.cancel')}</Button>
          {!readOnly && (
            <Button type="primary" loading={busy} onClick={() => form.submit()}>
              {t('common.save')}
            </Button>
          )}
        </Flex>
      }
    >
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      {plan && <PlanFacts plan={plan} editing={!readOnly} />}
      <Form<PlanFormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        onFinishFailed={() => setNotice(t('common.fixErrors'))}
        disabled={busy || readOnly}
        name="subscription-plan"
      >
        <Form.Item
          name="name"
          label={t('subscriptions.name')}
          rules={[
            { required: true, whitespace: true, message: t('subscriptions.nameRequired') },
            { max: NAME_MAX, message: t('subscriptions.nameTooLong') },
          ]}
        >
          <Input autoFocus={!readOnly} />
        </Form.Item>
        <FeatureFields />
        <LimitFields />
        <ChargingFields />
        {plan && (
          <Form.Item label={t('subscriptions.chargingHistory')}>
            <ChargingHistoryTable history={plan.charging_history} />
          </Form.Item>
        )}
        <CallFilteringFields />
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}
