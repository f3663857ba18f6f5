import { useCallback } from 'react';
import { Card, Flex, Skeleton } from 'antd';
import { branding } from '../api/endpoints';
import type { BrandingLogo, BrandingLogoKind, Org } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { LogoEditor } from '../common/LogoEditor';
import { SettingSource } from '../common/SettingSource';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';

const KINDS: [BrandingLogoKind, MessageKey][] = [
  ['portal', 'branding.portalLogo'],
  ['app', 'branding.appLogo'],
];

/** A logo as a setting: where it comes from, for SettingSource. */
const asSetting = (logo: BrandingLogo | null) => ({
  value: logo,
  own: logo?.own ?? false,
  source_org_id: logo?.source_org_id ?? null,
  source_org_name: logo?.source_org_name ?? null,
});

/**
 * Setup > Branding's logos of `org`: the portal's and the app's in force, each with its source;
 * an editor uploads the organization's own and removes it (the inherited one applies again).
 * `onChanged` follows every change (the portal's frame shows its logo).
 */
export function BrandingLogos({ org, onChanged }: { org: Org; onChanged: () => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const logos = useApiData(useCallback(() => branding.logos(org.id), [org.id]));
  const canEdit = can('setup.edit.branding');

  const changed = (next: Awaited<ReturnType<typeof branding.logos>>) => {
    logos.set(next);
    onChanged();
  };

  return (
    <Card title={t('branding.logos')} data-testid="branding-logos">
      <ErrorNotice error={logos.error} onRetry={() => void logos.reload()} />
      {!logos.data && !logos.error && <Skeleton active paragraph={{ rows: 3 }} />}
      {logos.data && (
        <Flex gap={32} wrap>
          {KINDS.map(([kind, label]) => {
            const logo = logos.data![`${kind}_logo`];
            return (
              <LogoEditor
                key={kind}
                title={t(label)}
                logo={logo}
                alt={t('branding.logoAlt', { what: t(label), name: logo?.source_org_name ?? org.name })}
                canEdit={canEdit}
                upload={async (file) => changed(await branding.setLogo(org.id, kind, file))}
                remove={logo?.own ? async () => changed(await branding.removeLogo(org.id, kind)) : undefined}
                removeConfirm={t(org.parent_id ? 'branding.removeLogoInherit' : 'logo.removeConfirm')}
                source={<SettingSource setting={asSetting(logo)} orgId={org.id} orgName={org.name} testId={`${kind}-logo-source`} />}
                testId={`${kind}-logo`}
              />
            );
          })}
        </Flex>
      )}
    </Card>
  );
}
