import { useCallback } from 'react';
import { Alert, Card, Descriptions, Divider, Flex, Skeleton, Typography } from 'antd';
import { companyProfile } from '../api/endpoints';
import { COMPANY_PROFILE_FIELDS } from '../api/types';
import type { CompanyProfile } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { CompanyLogo } from './CompanyLogo';
import { CompanyProfileForm, FIELD_LABELS } from './CompanyProfileForm';

/** The profile's text as it stands, for who may only look. */
function ProfileView({ profile }: { profile: CompanyProfile }) {
  const { t } = useI18n();
  return (
    <Descriptions
      column={1}
      bordered
      size="small"
      style={{ maxWidth: 640 }}
      data-testid="company-profile-view"
      items={COMPANY_PROFILE_FIELDS.map((field) => ({
        key: field,
        label: t(FIELD_LABELS[field]),
        // Kept as typed: an address's line breaks show.
        children:
          profile[field] === null ? (
            <Typography.Text type="secondary">{t('companyProfile.unset')}</Typography.Text>
          ) : (
            <span style={{ whiteSpace: 'pre-wrap' }}>{profile[field]}</span>
          ),
      }))}
    />
  );
}

/** Setup > Company Profile: the organization's legal name, address, phone, contact email and logo. */
export function CompanyProfilePage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const orgId = org?.id ?? '';
  const profile = useApiData(useCallback(() => companyProfile.get(orgId), [orgId]));

  if (!org) return null;
  const canEdit = can('setup.edit.company_profile');
  const data = profile.data;

  return (
    <Card>
      <PageHeader title={t('companyProfile.title')} subtitle={t('companyProfile.intro', { name: org.name })} />
      <ErrorNotice error={profile.error} onRetry={() => void profile.reload()} />
      {!data && !profile.error && <Skeleton active paragraph={{ rows: 6 }} />}
      {data && (
        <Flex vertical gap={16}>
          <Flex vertical gap={2} data-testid="company-name">
            <Typography.Text type="secondary">{t('companyProfile.companyName')}</Typography.Text>
            <Typography.Text strong data-testid="company-name-value">
              {data.company_name}
            </Typography.Text>
            <Typography.Text type="secondary">{t('companyProfile.companyNameHelp')}</Typography.Text>
          </Flex>
          <Divider style={{ margin: 0 }} />
          {canEdit ? <CompanyProfileForm profile={data} onSaved={(saved) => profile.set(saved)} /> : <ProfileView profile={data} />}
          <Divider style={{ margin: 0 }} />
          <CompanyLogo profile={data} orgName={org.name} canEdit={canEdit} onChanged={(changed) => profile.set(changed)} />
          {!canEdit && <Alert type="warning" showIcon message={t('companyProfile.readOnly')} />}
        </Flex>
      )}
    </Card>
  );
}
