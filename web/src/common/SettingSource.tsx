import { Typography } from 'antd';
import type { InheritedSetting } from '../api/types';
import { useI18n } from '../i18n';

/** Whether an inherited setting is set on `orgId` itself, inherited from an ancestor, or the default. */
export function settingOrigin(setting: InheritedSetting<unknown>, orgId: string): 'own' | 'inherited' | 'default' {
  if (setting.own ?? setting.source_org_id === orgId) return 'own';
  if (!setting.source_org_id || setting.source_org_id === orgId) return 'default';
  return 'inherited';
}

/** "Set on X." / "Inherited from Y." / "Not set on any organization: the default applies." */
export function SettingSource({
  setting,
  orgId,
  orgName,
  testId,
}: {
  setting: InheritedSetting<unknown>;
  orgId: string;
  orgName: string;
  testId?: string;
}) {
  const { t } = useI18n();
  const origin = settingOrigin(setting, orgId);
  return (
    <Typography.Text type="secondary" data-testid={testId}>
      {origin === 'own'
        ? t('setting.own', { name: orgName })
        : origin === 'inherited'
          ? t('setting.inherited', { name: setting.source_org_name ?? '?' })
          : t('setting.default')}
    </Typography.Text>
  );
}
