import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Brand } from '../layout/Brand';
import { LanguagePicker } from './LanguagePicker';
import './auth.css';

/**
 * The centred card the signed-out pages share: plain HTML and CSS (src/auth/auth.css) in Ant
 * Design's look, so that the sign-in page loads no Ant Design (docs/decisions.md, "Portal"). The
 * other signed-out pages put Ant Design's components inside it.
 */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="lp-auth lp-text">
      <div className="lp-auth-top">
        <LanguagePicker />
      </div>
      <main className="lp-auth-main">
        <div className="lp-auth-card">
          <div className="lp-auth-brand">
            <Brand size={40} />
            <span className="lp-secondary">{t('app.portal')}</span>
          </div>
          <h1 className="lp-auth-title">{title}</h1>
          {children}
        </div>
      </main>
    </div>
  );
}
