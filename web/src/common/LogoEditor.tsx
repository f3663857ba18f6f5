import { useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, App, Button, Flex, Popconfirm, Typography, Upload } from 'antd';
import { DeleteOutlined, PictureOutlined, UploadOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import type { CompanyLogo } from '../api/types';
import { formatBytes } from './usageFormat';
import { useI18n } from '../i18n';
import type { Translate } from '../i18n';

/** What the server takes (it judges the bytes again: these are only the file's claims). */
const LOGO_TYPES = ['image/png', 'image/jpeg'];
const MAX_LOGO_BYTES = 1024 * 1024;

/** What to tell the admin about a refused logo. */
function logoRefusal(e: unknown, t: Translate): string {
  if (!(e instanceof DomainError)) return t('common.errorGeneric');
  if (e.status === 413) return t('logo.tooLarge');
  if (e.status === 415) return t('logo.badType');
  const reason = e.errors.find((f) => f.field === 'logo')?.message ?? e.detail;
  return t('logo.refused', { detail: reason });
}

/**
 * A logo the server holds (the company's, the portal's, the app's): the image and what it is, and
 * for an editor Upload/Replace and, when `remove` is given, Remove. A file that is not a PNG or
 * JPEG of at most 1 MiB by its own account is turned down here; `upload` sends the others.
 * `source` is a line under the image (where the logo comes from). Test ids start with `testId`.
 */
export function LogoEditor({
  title,
  logo,
  alt,
  canEdit,
  upload,
  remove,
  removeConfirm,
  source,
  testId,
}: {
  title: string;
  logo: CompanyLogo | null;
  alt: string;
  canEdit: boolean;
  upload: (file: File) => Promise<void>;
  remove?: () => Promise<void>;
  removeConfirm?: string;
  source?: ReactNode;
  testId: string;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const send = async (file: File) => {
    setProblem(null);
    if (!LOGO_TYPES.includes(file.type)) return setProblem(t('logo.notImage', { name: file.name }));
    if (file.size > MAX_LOGO_BYTES) return setProblem(t('logo.fileTooLarge', { size: formatBytes(file.size, locale) }));
    setBusy(true);
    try {
      await upload(file);
      message.success(t('logo.saved'));
    } catch (e) {
      setProblem(logoRefusal(e, t));
    } finally {
      setBusy(false);
    }
  };

  const removeOwn = async () => {
    if (!remove) return;
    setProblem(null);
    try {
      await remove();
      message.success(t('logo.removed'));
    } catch (e) {
      setProblem(e instanceof DomainError ? e.detail : t('common.errorGeneric'));
    }
  };

  return (
    <Flex vertical gap={8} data-testid={testId}>
      <Typography.Text strong>{title}</Typography.Text>
      <Flex gap={16} align="center" wrap>
        <div style={{ border: '1px dashed rgba(0, 0, 0, 0.15)', borderRadius: 8, padding: 8, minWidth: 120 }}>
          {logo ? (
            <img
              src={logo.url}
              alt={alt}
              style={{ maxWidth: 200, maxHeight: 100, display: 'block' }}
              data-testid={`${testId}-image`}
            />
          ) : (
            <Flex vertical align="center" style={{ width: 200, padding: 16 }}>
              <PictureOutlined style={{ fontSize: 28, opacity: 0.45 }} />
              <Typography.Text type="secondary">{t('logo.none')}</Typography.Text>
            </Flex>
          )}
        </div>
        <Flex vertical gap={4}>
          {logo && (
            <Typography.Text type="secondary" data-testid={`${testId}-info`}>
              {t('logo.info', {
                type: logo.media_type === 'image/png' ? 'PNG' : 'JPEG',
                width: logo.width,
                height: logo.height,
                size: formatBytes(logo.bytes, locale),
              })}
            </Typography.Text>
          )}
          {source}
          {canEdit && (
            <Flex gap={8} wrap>
              <Upload
                accept="image/png,image/jpeg"
                showUploadList={false}
                maxCount={1}
                disabled={busy}
                // The PUT is sent here; Upload itself sends nothing.
                beforeUpload={(file) => {
                  void send(file);
                  return Upload.LIST_IGNORE;
                }}
              >
                <Button icon={<UploadOutlined />} loading={busy} data-testid={`${testId}-upload`}>
                  {logo ? t('logo.replace') : t('logo.upload')}
                </Button>
              </Upload>
              {remove && (
                <Popconfirm
                  title={removeConfirm ?? t('logo.removeConfirm')}
                  okText={t('common.yes')}
                  cancelText={t('common.no')}
                  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
                  onConfirm={removeOwn}
                >
                  <Button icon={<DeleteOutlined />} disabled={busy} data-testid={`${testId}-remove`}>
                    {t('logo.remove')}
                  </Button>
                </Popconfirm>
              )}
            </Flex>
          )}
          {canEdit && <Typography.Text type="secondary">{t('logo.help')}</Typography.Text>}
        </Flex>
      </Flex>
      {problem && <Alert type="error" showIcon message={problem} role="alert" data-testid={`${testId}-problem`} />}
    </Flex>
  );
}
