import { useEffect, useRef, useState } from 'react';
import { Avatar, Button, Flex, Typography } from 'antd';
import { DeleteOutlined, UploadOutlined, UserOutlined } from '@ant-design/icons';
import { admins } from '../api/endpoints';
import type { AdminRecord } from '../api/types';
import { formatBytes } from './usageFormat';
import { useI18n } from '../i18n';

/** What the server takes (it checks the bytes again: these are only the file's claims). */
const PHOTO_TYPES = ['image/png', 'image/jpeg'];
const MAX_PHOTO_BYTES = 1024 * 1024;

/** What Save does with the photo: keep it, upload this file, or remove it. */
export type PhotoChange = { kind: 'keep' } | { kind: 'set'; file: File } | { kind: 'remove' };
export const KEEP_PHOTO: PhotoChange = { kind: 'keep' };

/**
 * Applies a photo change to administrator `id` after the rest of the form was saved. Answers the
 * administrator as it is afterwards, or null when nothing was sent; a refusal throws the API's
 * error, whose detail says what is allowed.
 */
export async function applyPhotoChange<T extends { photo_url?: string | null }>(
  id: string,
  change: PhotoChange,
  saved: T,
): Promise<T | AdminRecord> {
  if (change.kind === 'set') return admins.setPhoto(id, change.file);
  if (change.kind === 'remove' && saved.photo_url) {
    await admins.removePhoto(id);
    return { ...saved, photo_url: null };
  }
  return saved;
}

/**
 * The profile photo of a form: the current one (or the file chosen), Upload/Change and Remove.
 * A file that is not a PNG or JPEG of at most 1 MiB by its own account is turned down here; the
 * server judges the content when the form is saved.
 */
export function PhotoPicker({
  current,
  change,
  onChange,
  name,
  disabled,
}: {
  /** The photo_url of the administrator being edited. */
  current: string | null | undefined;
  change: PhotoChange;
  onChange: (change: PhotoChange) => void;
  /** Whose photo, for the image's text alternative. */
  name: string;
  disabled?: boolean;
}) {
  const { t, locale } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The chosen file shown as a data: URL, which the portal's Content-Security-Policy allows
  // (blob: URLs it does not).
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    setPreview(null);
    if (change.kind !== 'set') return;
    const reader = new FileReader();
    reader.onload = () => setPreview(typeof reader.result === 'string' ? reader.result : null);
    reader.readAsDataURL(change.file);
    return () => reader.abort();
  }, [change]);

  const shown = change.kind === 'set' ? preview : change.kind === 'remove' ? null : (current ?? null);

  const choose = (file: File | undefined) => {
    if (!file) return;
    if (!PHOTO_TYPES.includes(file.type)) {
      setProblem(t('photo.badType', { name: file.name }));
    } else if (file.size > MAX_PHOTO_BYTES) {
      setProblem(t('photo.tooLarge', { size: formatBytes(file.size, locale) }));
    } else {
      setProblem(null);
      onChange({ kind: 'set', file });
    }
    if (input.current) input.current.value = ''; // the same file can be chosen again
  };

  return (
    <Flex gap={16} align="center" data-testid="photo-picker">
      <Avatar
        size={88}
        shape="circle"
        src={shown ?? undefined}
        alt={t('photo.alt', { name })}
        icon={<UserOutlined />}
        data-testid="photo-preview"
      />
      <Flex vertical gap={4}>
        <Flex gap={8} wrap>
          <Button icon={<UploadOutlined />} disabled={disabled} onClick={() => input.current?.click()}>
            {shown ? t('photo.change') : t('photo.upload')}
          </Button>
          {shown && (
            <Button icon={<DeleteOutlined />} disabled={disabled} onClick={() => onChange({ kind: 'remove' })}>
              {t('photo.remove')}
            </Button>
          )}
        </Flex>
        <Typography.Text type="secondary">{t('photo.help')}</Typography.Text>
        {problem && (
          <Typography.Text type="danger" role="alert">
            {problem}
          </Typography.Text>
        )}
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg"
          style={{ display: 'none' }}
          aria-label={t('photo.upload')}
          data-testid="photo-input"
          onChange={(e) => choose(e.target.files?.[0])}
        />
      </Flex>
    </Flex>
  );
}
