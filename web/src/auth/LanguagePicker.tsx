import { LANGUAGES, isLanguage, useI18n } from '../i18n';
import { Icon } from './icons';

/**
 * Switches the language of this browser's UI on the signed-out pages: a native select in the look
 * of the signed-in header's switcher (src/layout/LanguageSwitcher.tsx, which uses Ant Design).
 */
export function LanguagePicker() {
  const { language, setLanguage, t } = useI18n();
  return (
    <label className="lp-language">
      <Icon name="globe" className="lp-language-icon" />
      <span className="lp-visually-hidden">{t('language.label')}</span>
      <select
        value={language}
        onChange={(e) => {
          if (isLanguage(e.target.value)) setLanguage(e.target.value);
        }}
        data-testid="language-switcher"
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
