import { useMemo } from 'react';
import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { timeZoneOptions } from './timezones';
import type { TimeZoneOption } from './timezones';

type Props = Omit<SelectProps<string>, 'options' | 'showSearch' | 'filterOption'>;

/** A searchable select of IANA time zones; a form field (value/onChange come from Form.Item). */
export function TimeZoneSelect(props: Props) {
  const options = useMemo(timeZoneOptions, []);
  return (
    <Select<string, TimeZoneOption>
      {...props}
      showSearch
      options={options}
      optionFilterProp="label"
      filterOption={(input, option) => (option?.label ?? '').toLowerCase().includes(input.toLowerCase().replaceAll('_', ' '))}
    />
  );
}
