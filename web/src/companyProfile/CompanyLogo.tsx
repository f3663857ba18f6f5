import { useState } from 'react';
import { Alert, App, Button, Flex, Popconfirm, Typography, Upload } from 'antd';
import { DeleteOutlined, PictureOutlined, UploadOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { companyProfile } from '../api/endpoints';
import type { CompanyProfile } from '../api/types';
import { formatBytes } from '../common/usageFormat';
import { useI18n } from '../i18n';
import type { Translate } from '../i18n';

/** What the server takes (it judges the bytes again: these are only the file's claims). */
const LOGO_TYPES = ['image/png', 'image/jpeg'];
const MAX_LOGO_BYTES = 1024 * 1024;

/** What to tell the admin about a refused logo. */
function logoRefusal(e: unknown, t: Translate): string {
  if (!(e instanceof DomainError)) return t('common.errorGeneric');
  if (e.status === 413) return t('companyProfile.logoTooLarge');
  if (e.status === 415) return t('companyProfile.logoBadType');
  const reason = e.errors.find((f) => f.field === 'logo')?.message ?? e.detail;
  return t('companyProfile.logoRefused', { detail: reason });
}

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
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { logo } = profile;

  const upload = async (file: File) => {
    setProblem(null);
    if (!LOGO_TYPES.includes(file.type)) return setProblem(t('companyProfile.logoNotImage', { name: file.name }));
    if (file.size > MAX_LOGO_BYTES)
      return setProblem(t('companyProfile.logoFileTooLarge', { size: formatBytes(file.size, locale) }));
    setBusy(true);
    try {
      onChanged(await companyProfile.setLogo(profile.org_id, file));
      message.success(t('companyProfile.logoSaved'));
    } catch (e) {
      setProblem(logoRefusal(e, t));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setProblem(null);
    try {
      await companyProfile.removeLogo(profile.org_id);
      onChanged({ ...profile, logo: null });
      message.success(t('companyProfile.logoRemoved'));
    } catch (e) {
      // Already gone (someone else removed it): show what the server holds.
      if (e instanceof DomainError && e.status === 404) onChanged({ ...profile, logo: null });
      else setProblem(e instanceof DomainError ? e.detail : t('common.errorGeneric'));
    }
  };

  return (
    <Flex vertical gap={8} data-testid="company-logo">
      <Typography.Text strong>{t('companyProfile.logo')}</Typography.Text>
      <Flex gap={16} align="center" wrap>
        <div style={{ border: '1px dashed rgba(0, 0, 0, 0.15)', borderRadius: 8, padding: 8, minWidth: 120 }}>
          {logo ? (
            <img
              src={logo.url}
              alt={t('companyProfile.logoAlt', { name: orgName })}
              style={{ maxWidth: 200, maxHeight: 100, display: 'block' }}
              data-testid="company-logo-image"
            />
          ) : (
            <Flex vertical align="center" style={{ width: 200, padding: 16 }}>
              <PictureOutlined style={{ fontSize: 28, opacity: 0.45 }} />
              <Typography.Text type="secondary">{t('companyProfile.noLogo')}</Typography.Text>
            </Flex>
          )}
        </div>
        <Flex vertical gap={4}>
          {logo && (
            <Typography.Text type="secondary" data-testid="company-logo-info">
              {t('companyProfile.logoInfo', {
                type: logo.media_type === 'image/png' ? 'PNG' : 'JPEG',
                width: logo.width,
                height: logo.height,
                size: formatBytes(logo.bytes, locale),
              })}
            </Typography.Text>
          )}
          {canEdit && (
            <Flex gap={8} wrap>
              <Upload
                accept="image/png,image/jpeg"
                showUploadList={false}
                maxCount={1}
                disabled={busy}
                customRequest={({ file }) => {
                  if (file instanceof File) void upload(file);
                }}
              >
                <Button icon={<UploadOutlined />} loading={busy} data-testid="company-logo-upload">
                  {logo ? t('companyProfile.replaceLogo') : t('companyProfile.uploadLogo')}
                </Button>
              </Upload>
              {logo && (
                <Popconfirm
                  title={t('companyProfile.removeLogoConfirm')}
                  okText={t('common.yes')}
                  cancelText={t('common.no')}
                  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
                  onConfirm={remove}
                >
                  <Button icon={<DeleteOutlined />} disabled={busy}>
                    {t('companyProfile.removeLogo')}
                  </Button>
                </Popconfirm>
              )}
            </Flex>
          )}
          {canEdit && <Typography.Text type="secondary">{t('companyProfile.logoHelp')}</Typography.Text>}
        </Flex>
      </Flex>
      {problem && <Alert type="error" showIcon message={problem} role="alert" data-testid="company-logo-problem" />}
    </Flex>
  );
}
