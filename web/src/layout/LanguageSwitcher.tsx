import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { LANGUAGES, useI18n } from '../i18n';

/** Switches the language of this browser's UI (the profile keeps the admin's own). */
export function LanguageSwitcher() {
  const { language, setLanguage, t } = useI18n();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [language],
        items: LANGUAGES.map((l) => ({ key: l, label: t(`language.${l}`) })),
        onClick: ({ key }) => setLanguage(key as (typeof LANGUAGES)[number]),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('language.label')} data-testid="language-switcher">
        {t(`language.${language}`)}
      </Button>
    </Dropdown>
  );
}
