import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Flex, Popconfirm, Select, Skeleton, Typography } from 'antd';
import { DomainError } from '../api/client';
import { orgs } from '../api/endpoints';
import type { InheritedSetting, Org, UsablePlan } from '../api/types';
import { useMe } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { errorText } from '../common/formErrors';
import { SettingSource, settingOrigin } from '../common/SettingSource';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import type { Translate } from '../i18n';

const NO_PLAN: InheritedSetting<string> = { value: null, source_org_id: null, source_org_name: null };

/** What to tell the admin about a refused choice of plan. */
function choiceRefusal(e: unknown, t: Translate): string {
  if (!(e instanceof DomainError)) return t('common.errorGeneric');
  if (e.code === 'subscription_above_own') return t('subscriptions.aboveOwnRefused', { detail: e.detail });
  if (e.code === 'subscription_limit') return t('subscriptions.limitRefused', { detail: e.detail });
  return e.errors.length ? e.errors.map((f) => f.message).join(' ') : errorText(e, t('common.errorGeneric'));
}

/**
 * The organization's plan (its inherited setting `subscription_id`), where it comes from, and for
 * an editor the choice of another: plans above the admin's own are offered disabled.
 */
export function OrgPlanCard({
  org,
  plans,
  canEdit,
  onChanged,
}: {
  org: Org;
  plans: UsablePlan[] | null;
  canEdit: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const settings = useApiData(useCallback(() => orgs.settings(org.id), [org.id]));
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const setting = settings.data ? (settings.data.subscription_id ?? NO_PLAN) : null;
  const current = setting?.value ?? null;
  // The choice starts again from what the server holds whenever that changes.
  useEffect(() => setDraft(current), [current]);

  const planName = (id: string | null) => {
    if (!id) return t('subscriptions.noPlan');
    return plans ? (plans.find((p) => p.id === id)?.name ?? id) : '…';
  };
  // An organization's plan is chosen from above it: only the root's administrators choose their own.
  const choosable = canEdit && (org.id !== me.org.id || !org.parent_id);
  const origin = setting ? settingOrigin(setting, org.id) : null;
  const own = origin === 'own';

  const save = async (value: string | null) => {
    setSaving(true);
    setNotice(null);
    try {
      settings.set(await orgs.updateSettings(org.id, { subscription_id: value }));
      message.success(
        value
          ? t('subscriptions.planSet', { name: org.name, plan: planName(value) })
          : t('subscriptions.planCleared', { name: org.name }),
      );
      onChanged();
    } catch (e) {
      setNotice(choiceRefusal(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('subscriptions.orgPlan', { name: org.name })} style={{ marginBottom: 16 }} data-testid="org-plan">
      <ErrorNotice error={settings.error} onRetry={() => void settings.reload()} />
      {!setting && !settings.error && <Skeleton active paragraph={{ rows: 1 }} />}
      {setting && (
        <Flex vertical gap={12}>
          <Flex gap={8} wrap align="baseline">
            <Typography.Text strong data-testid="org-plan-name">
              {planName(current)}
            </Typography.Text>
            {origin === 'default' ? (
              // No plan is not a default plan: nothing limits the organization.
              <Typography.Text type="secondary" data-testid="org-plan-source">
                {t('subscriptions.noPlanAnywhere')}
              </Typography.Text>
            ) : (
              <SettingSource setting={setting} orgId={org.id} orgName={org.name} testId="org-plan-source" />
            )}
          </Flex>
          {notice && <Alert type="error" showIcon message={notice} role="alert" />}
          {choosable ? (
            <Flex gap={8} wrap>
              <Select
                aria-label={t('subscriptions.choosePlan')}
                placeholder={t('subscriptions.choosePlan')}
                value={draft}
                onChange={(id: string) => setDraft(id)}
                loading={!plans}
                options={(plans ?? []).map((p) => ({
                  value: p.id,
                  label: p.selectable ? p.name : `${p.name} (${t('subscriptions.aboveOwn')})`,
                  disabled: !p.selectable,
                }))}
                style={{ minWidth: 280 }}
                data-testid="org-plan-select"
              />
              <Button type="primary" loading={saving} disabled={!draft || draft === current} onClick={() => void save(draft)}>
                {t('common.save')}
              </Button>
              {own && (
                <Popconfirm
                  title={org.parent_id ? t('subscriptions.inheritConfirm') : t('subscriptions.clearConfirm')}
                  okText={t('common.yes')}
                  cancelText={t('common.no')}
                  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
                  onConfirm={() => save(null)}
                >
                  <Button disabled={saving}>{org.parent_id ? t('setting.inherit') : t('subscriptions.clearPlan')}</Button>
                </Popconfirm>
              )}
            </Flex>
          ) : (
            <Typography.Text type="secondary">
              {canEdit ? t('subscriptions.chosenAbove', { name: org.name }) : t('setting.readOnly')}
            </Typography.Text>
          )}
        </Flex>
      )}
    </Card>
  );
}
