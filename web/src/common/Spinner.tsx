import { useI18n } from '../i18n';

/**
 * Ant Design's large spinner (four dots turning) in plain HTML and CSS (src/styles.css), for the
 * portal's first load, which has no Ant Design (docs/decisions.md, "Portal"). `full` centres it
 * on the screen; otherwise it stands where a page will be.
 */
export function Spinner({ full = false }: { full?: boolean }) {
  const { t } = useI18n();
  return (
    <div className={full ? 'lp-spinner lp-spinner-full' : 'lp-spinner'} role="status">
      <span className="lp-spinner-dots" aria-hidden="true">
        <i />
        <i />
        <i />
        <i />
      </span>
      <span className="lp-visually-hidden">{t('common.loading')}</span>
    </div>
  );
}
