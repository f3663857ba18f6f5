import { Flex, Statistic, Typography } from 'antd';
import type { CurrencyTotal } from '../api/types';
import { formatMoney } from '../common/format';
import { useI18n } from '../i18n';

// The amounts are the server's exact text: Statistic must not format them as numbers.
const shownAsIs = (value: string | number) => value;

/** The totals of a cycle, one per currency, as the server wrote them; `empty` when there are none. */
export function ChargeTotals({ totals, empty, testId }: { totals: CurrencyTotal[]; empty: string; testId: string }) {
  const { t } = useI18n();
  if (totals.length === 0) {
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {empty}
      </Typography.Text>
    );
  }
  return (
    <Flex gap={32} wrap data-testid={testId}>
      {totals.map(({ currency, amount }) => (
        <Statistic
          key={currency}
          title={t('charges.totalIn', { currency })}
          value={formatMoney(amount, currency)}
          formatter={shownAsIs}
          valueStyle={{ fontSize: 22, whiteSpace: 'nowrap' }}
          data-testid={`${testId}-${currency}`}
        />
      ))}
    </Flex>
  );
}
