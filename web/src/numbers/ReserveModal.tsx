import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { numbers } from '../api/endpoints';
import type { PoolNumber } from '../api/types';
import { errorText } from '../common/formErrors';
import { useI18n } from '../i18n';

/** Reserve an available number with a tag (such as PORTED), or change the tag of a reserved one. */
export function ReserveModal({
  number,
  onClose,
  onSaved,
}: {
  number: PoolNumber | null;
  onClose: () => void;
  onSaved: (saved: PoolNumber) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ tag: string }>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const retag = number?.status === 'reserved';

  useEffect(() => {
    setNotice(null);
    form.resetFields();
    if (number) form.setFieldsValue({ tag: number.tag ?? '' });
  }, [number, form]);

  const submit = async ({ tag }: { tag: string }) => {
    if (!number) return;
    setBusy(true);
    setNotice(null);
    try {
      onSaved(await numbers.update(number.number, { status: 'reserved', tag: tag.trim() }));
    } catch (e) {
      setNotice(errorText(e, t('common.errorGeneric')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={number !== null}
      title={
        retag
          ? t('numbers.reserve.retagTitle', { number: number?.number ?? '' })
          : t('numbers.reserve.title', { number: number?.number ?? '' })
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} name="reserve-number">
        <Form.Item
          name="tag"
          label={t('numbers.tag')}
          extra={t('numbers.reserve.tagHelp')}
          rules={[{ required: true, whitespace: true, message: t('numbers.reserve.tagRequired') }]}
        >
          <Input maxLength={64} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
