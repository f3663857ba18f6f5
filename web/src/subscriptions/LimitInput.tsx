import { Checkbox, Flex, Input } from 'antd';
import { useI18n } from '../i18n';
import type { LimitValue } from './planForm';

/**
 * A plan limit: the amount, or "Unlimited" ticked. Unlimited is a choice of its own, never what an
 * empty box means; the amount is text kept as typed (an InputNumber would round or clamp it), and
 * it stays while Unlimited is ticked so that unticking brings it back. A Form.Item control: its
 * `id` goes to the amount, for the item's label.
 */
export function LimitInput({
  id,
  value,
  onChange,
  testId,
}: {
  id?: string;
  value?: LimitValue;
  onChange?: (value: LimitValue) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const current = value ?? { unlimited: false, amount: '' };
  return (
    <Flex gap={16} align="center" data-testid={testId}>
      <Input
        id={id}
        inputMode="numeric"
        autoComplete="off"
        value={current.amount}
        // Not `false`: that would enable it inside a disabled (read-only) form.
        disabled={current.unlimited || undefined}
        placeholder={current.unlimited ? t('subscriptions.unlimited') : undefined}
        onChange={(e) => onChange?.({ ...current, amount: e.target.value })}
        style={{ width: 200 }}
      />
      <Checkbox checked={current.unlimited} onChange={(e) => onChange?.({ ...current, unlimited: e.target.checked })}>
        {t('subscriptions.unlimited')}
      </Checkbox>
    </Flex>
  );
}
