import { Button, Card, ConfigProvider, Flex, Typography } from 'antd';
import { useI18n } from '../i18n';
import { usePortalBranding } from '../layout/PortalBranding';
import { useCurrentOrg } from '../org/currentOrg';
import { AppSettingsForm } from './AppSettingsForm';
import { BrandingLogos } from './BrandingLogos';
import type { AppSettingField } from './AppSettingsForm';

const BRANDING: AppSettingField[] = [
  { key: 'portal_product_name', label: 'branding.portalName', help: 'branding.portalNameHelp', kind: 'text', maxLength: 60 },
  { key: 'portal_primary_color', label: 'branding.portalColor', help: 'branding.portalColorHelp', kind: 'color' },
  { key: 'app_name', label: 'branding.appName', kind: 'text', maxLength: 60 },
  { key: 'app_primary_color', label: 'branding.appColor', kind: 'color' },
  { key: 'app_support_email', label: 'branding.supportEmail', help: 'branding.optionalHelp', kind: 'text', emptyIsNull: true },
  { key: 'app_support_url', label: 'branding.supportUrl', help: 'branding.supportUrlHelp', kind: 'text', emptyIsNull: true },
];

const color = (value: unknown) => (typeof value === 'string' && /^#[0-9A-F]{6}$/.test(value) ? value : undefined);

/** How the portal and the app look with the colours and names in the form. */
function Preview({ values }: { values: Record<string, unknown> }) {
  const { t } = useI18n();
  const side = (title: string, name: unknown, primary: string | undefined, testId: string) => (
    <Card size="small" title={title} style={{ flex: 1, minWidth: 220 }} data-testid={testId}>
      <ConfigProvider theme={primary ? { token: { colorPrimary: primary } } : undefined}>
        <Flex vertical gap={8} align="flex-start">
          <Typography.Text strong style={{ color: primary }}>
            {typeof name === 'string' && name ? name : '—'}
          </Typography.Text>
          <Button type="primary" size="small" tabIndex={-1}>
            {t('branding.previewButton')}
          </Button>
        </Flex>
      </ConfigProvider>
    </Card>
  );
  return (
    <Flex gap={12} wrap style={{ marginBottom: 16 }}>
      {side(t('branding.previewPortal'), values.portal_product_name, color(values.portal_primary_color), 'branding-preview-portal')}
      {side(t('branding.previewApp'), values.app_name, color(values.app_primary_color), 'branding-preview-app')}
    </Flex>
  );
}

/** Setup > Branding: the portal's and the app's names, colours, support addresses and logos. */
export function BrandingPage() {
  const { refresh } = usePortalBranding();
  const { org } = useCurrentOrg();
  return (
    <Flex vertical gap={16}>
      <AppSettingsForm
        name="branding"
        title="branding.title"
        intro="branding.intro"
        fields={BRANDING}
        editPrivilege="setup.edit.branding"
        savedMessage="branding.saved"
        onSaved={() => void refresh()}
        preview={(values) => <Preview values={values} />}
      />
      {org && <BrandingLogos org={org} onChanged={() => void refresh()} />}
    </Flex>
  );
}
