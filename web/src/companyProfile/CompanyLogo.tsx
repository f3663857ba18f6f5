import { DomainError } from '../api/client';
import { companyProfile } from '../api/endpoints';
import type { CompanyProfile } from '../api/types';
import { LogoEditor } from '../common/LogoEditor';
import { useI18n } from '../i18n';

/** The company logo: the one the server holds, and for an editor Upload/Replace and Remove. */
export function CompanyLogo({
  profile,
  orgName,
  canEdit,
  onChanged,
}: {
  profile: CompanyProfile;
  orgName: string;
  canEdit: boolean;
  onChanged: (profile: CompanyProfile) => void;
}) {
  const { t } = useI18n();

  const remove = async () => {
    try {
      await companyProfile.removeLogo(profile.org_id);
    } catch (e) {
      // Already gone (someone else removed it): show what the server holds.
      if (!(e instanceof DomainError && e.status === 404)) throw e;
    }
    onChanged({ ...profile, logo: null });
  };

  return (
    <LogoEditor
      title={t('companyProfile.logo')}
      logo={profile.logo}
      alt={t('companyProfile.logoAlt', { name: orgName })}
      canEdit={canEdit}
      upload={async (file) => onChanged(await companyProfile.setLogo(profile.org_id, file))}
      remove={profile.logo ? remove : undefined}
      testId="company-logo"
    />
  );
}
