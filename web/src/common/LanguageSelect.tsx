import { Select } from 'antd';
import type { SelectProps } from 'antd';
import type { Language } from '../api/types';
import { LANGUAGES, useI18n } from '../i18n';

type Props = Omit<SelectProps<Language>, 'options'>;

/** en / es / pt, each named in its own language. */
export function LanguageSelect(props: Props) {
  const { t } = useI18n();
  return <Select<Language> {...props} options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))} />;
}
