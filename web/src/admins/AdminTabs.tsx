import { useNavigate } from 'react-router';
import { Tabs } from 'antd';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n';

/** The seed's "Administrators | Roles and Privileges" switch, with the tabs the admin may open. */
export function AdminTabs({ active }: { active: '/administrators' | '/roles' }) {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const items = [
    ...(can('administrators') || can('api_users') ? [{ key: '/administrators', label: t('nav.administrators') }] : []),
    ...(can('roles') ? [{ key: '/roles', label: t('nav.roles') }] : []),
  ];
  if (items.length < 2) return null;
  return <Tabs activeKey={active} items={items} onChange={(key) => void navigate(key)} style={{ marginBottom: 8 }} />;
}
