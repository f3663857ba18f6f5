import { DatePicker, Flex, Select } from 'antd';
import type { YearMonth } from '../api/types';
import { useI18n } from '../i18n';
import { isYearMonth } from './chargeCycle';
import type { CycleChoice } from './chargeCycle';

/**
 * The cycle of the charges: Current cycle, Last cycle, or a month up to `latestMonth` (the
 * organization's current one). "Month" starts empty: no month is asked for until one is picked.
 */
export function CyclePicker({
  value,
  onChange,
  latestMonth,
}: {
  value: CycleChoice;
  onChange: (choice: CycleChoice) => void;
  latestMonth: YearMonth;
}) {
  const { t } = useI18n();
  return (
    <Flex gap={12} align="center" wrap>
      <Select<CycleChoice['kind']>
        value={value.kind}
        onChange={(kind) => onChange({ kind, month: null })}
        aria-label={t('charges.cycle')}
        style={{ width: 200 }}
        options={[
          { value: 'current', label: t('dates.current_cycle') },
          { value: 'last', label: t('dates.last_cycle') },
          { value: 'month', label: t('charges.month') },
        ]}
        data-testid="charges-cycle"
      />
      {value.kind === 'month' && (
        <DatePicker
          picker="month"
          format="YYYY-MM"
          allowClear={false}
          placeholder={t('charges.pickMonth')}
          aria-label={t('charges.month')}
          // Months compare as text: "2026-09" < "2026-10".
          disabledDate={(date) => date.format('YYYY-MM') > latestMonth}
          onChange={(_, text) => {
            const month = typeof text === 'string' && isYearMonth(text) ? text : null;
            onChange({ kind: 'month', month });
          }}
          data-testid="charges-month"
        />
      )}
    </Flex>
  );
}
