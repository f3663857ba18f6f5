import { Form, Input } from 'antd';
import { useI18n } from '../i18n';

/** The server's minimum (docs/product.md#sign-in-and-sessions); checked here too so the admin learns it before submitting. */
const MIN_LENGTH = 12;

/** "New password" and "Confirm new password", for a form whose values hold new_password and confirm. */
export function NewPasswordFields({ autoFocus = false }: { autoFocus?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name="new_password"
        label={t('password.new')}
        extra={t('password.newHelp')}
        rules={[{ required: true, min: MIN_LENGTH, message: t('password.tooShort') }]}
      >
        <Input.Password autoComplete="new-password" autoFocus={autoFocus} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['new_password']}
        rules={[
          { required: true, message: t('password.mismatch') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue('new_password')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
