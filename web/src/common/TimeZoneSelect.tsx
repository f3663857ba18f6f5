import { useMemo } from 'react';
import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { timeZoneOptions } from './timezones';

type Props = Omit<SelectProps<string>, 'options' | 'showSearch' | 'filterOption'>;

/** A searchable select of IANA time zones; a form field (value/onChange come from Form.Item). */
export function TimeZoneSelect(props: Props) {
  const options = useMemo(timeZoneOptions, []);
  return (
    <Select<string>
      {...props}
      showSearch
      options={options}
      optionFilterProp="label"
      filterOption={(input, option) =>
        String(option?.label ?? '').toLowerCase().includes(input.toLowerCase().replaceAll('_', ' '))
      }
    />
  );
}
