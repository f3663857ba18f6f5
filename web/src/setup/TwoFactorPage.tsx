import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Flex, Skeleton, Typography } from 'antd';
import { DomainError } from '../api/client';
import { orgs } from '../api/endpoints';
import type { InheritedSetting } from '../api/types';
import { useSession } from '../auth/session';
import { errorText } from '../common/formErrors';
import { SettingSource, settingOrigin } from '../common/SettingSource';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';

/** Setup > Two Factor Authentication: the inherited `two_factor_enabled` setting of the current organization. */
export function TwoFactorPage() {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const [setting, setSetting] = useState<InheritedSetting<boolean> | null>(null);
  const [error, setError] = useState<DomainError | null>(null);
  const orgId = org?.id;

  const load = useCallback(async () => {
    if (!orgId) return;
    setError(null);
    try {
      setSetting(
        (await orgs.settings(orgId)).two_factor_enabled ?? { value: false, own: false, source_org_id: null, source_org_name: null },
      );
    } catch (e) {
      setError(e instanceof DomainError ? e : new DomainError(0, { detail: String(e) }));
    }
  }, [orgId]);

  useEffect(() => {
    setSetting(null);
    void load();
  }, [load]);

  if (!org) return null;
  const canEdit = can('setup.edit.two_factor');
  const enabled = setting?.value === true;
  const own = setting ? settingOrigin(setting, org.id) === 'own' : false;

  const save = async (value: boolean | null) => {
    try {
      const settings = await orgs.updateSettings(org.id, { two_factor_enabled: value });
      if (settings.two_factor_enabled) setSetting(settings.two_factor_enabled);
      else await load();
      message.success(t('twoFactorSetup.saved'));
    } catch (e) {
      message.error(errorText(e, t('common.errorGeneric')));
    }
  };

  const toggle = (value: boolean) => {
    modal.confirm({
      title: t('common.confirm'),
      content: t(value ? 'twoFactorSetup.enableConfirm' : 'twoFactorSetup.disableConfirm', { name: org.name }),
      okText: t('common.yes'),
      cancelText: t('common.no'),
      onOk: () => save(value),
    });
  };

  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('twoFactorSetup.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('twoFactorSetup.intro')}</Typography.Paragraph>
      {error && (
        <Alert
          type="error"
          showIcon
          message={error.detail}
          action={<Button onClick={() => void load()}>{t('common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      {!setting && !error && <Skeleton active paragraph={{ rows: 2 }} />}
      {setting && (
        <Flex vertical gap={12}>
          <Checkbox checked={enabled} disabled={!canEdit} onChange={(e) => toggle(e.target.checked)}>
            {t('twoFactorSetup.enable')}
          </Checkbox>
          <SettingSource setting={setting} orgId={org.id} orgName={org.name} testId="two-factor-source" />
          {own && canEdit && org.parent_id && (
            <div>
              <Button onClick={() => void save(null)}>{t('setting.inherit')}</Button>
            </div>
          )}
          {enabled && <Alert type="info" showIcon message={t('twoFactorSetup.forgotNote')} />}
          {!canEdit && <Alert type="warning" showIcon message={t('setting.readOnly')} />}
        </Flex>
      )}
    </Card>
  );
}
