import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Alert, App, Avatar, Breadcrumb, Button, Dropdown, Flex, Layout, Menu, Spin, Typography, theme } from 'antd';
import type { MenuProps } from 'antd';
import {
  ApartmentOutlined,
  BarChartOutlined,
  ContactsOutlined,
  DashboardOutlined,
  DownOutlined,
  LogoutOutlined,
  QuestionCircleOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { DomainError } from '../api/client';
import { useMe, useSession } from '../auth/session';
import { browserTimeZone } from '../common/timezones';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { OrgPicker } from '../org/OrgPicker';
import { useCurrentOrg } from '../org/currentOrg';
import { Brand } from './Brand';
import { LanguageSwitcher } from './LanguageSwitcher';
import { PAGE_PRIVILEGES, mayOpen } from './pages';
import { PortalBrandingProvider, usePortalBranding } from './PortalBranding';
import type { PagePath } from './pages';

const { Header, Sider, Content } = Layout;

/** The signed-in frame in the branding of the administrator's home organization. */
export function AppLayout() {
  return (
    <PortalBrandingProvider>
      <Frame />
    </PortalBrandingProvider>
  );
}

/** The signed-in frame: org picker and path, menu, language, profile menu. */
function Frame() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const location = useLocation();
  const { signOut, can } = useSession();
  const me = useMe();
  const { org, error, select } = useCurrentOrg();
  const [pickerOpen, setPickerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const { productName, logoUrl } = usePortalBranding();

  const logout = async () => {
    await signOut();
    void navigate('/sign-in', { replace: true });
  };

  const goTo = (id: string) =>
    select(id).catch((e: unknown) => message.error(e instanceof DomainError ? e.detail : t('common.errorGeneric')));

  // Only the entries the admin's role opens.
  const entries = (list: [PagePath, MessageKey][]) =>
    list.filter(([path]) => mayOpen(path, can)).map(([key, label]) => ({ key, label: t(label) }));
  const reportItems = entries([
    ['/reports/consumption-metrics', 'nav.consumptionMetrics'],
    ['/reports/user-metrics', 'nav.userMetrics'],
    ['/reports/activities', 'nav.activities'],
    ['/reports/call-recording', 'nav.callRecording'],
    ['/reports/message-logging', 'nav.messageLogging'],
    ['/reports/sms-opt-in', 'nav.smsOptInReport'],
    ['/reports/charges', 'nav.charges'],
    ['/reports/admin-activity', 'nav.adminActivity'],
    ['/reports/administrators', 'nav.adminStatus'],
  ]);
  const setupItems = entries([
    ['/setup/company-profile', 'nav.companyProfile'],
    ['/setup/number-management', 'nav.numberManagement'],
    ['/setup/user-permissions', 'nav.userPermissions'],
    ['/setup/subscriptions', 'nav.subscriptions'],
    ['/setup/organization-templates', 'nav.orgTemplates'],
    ['/setup/invitation-templates', 'nav.invitationTemplates'],
    ['/setup/email-templates', 'nav.emailTemplates'],
    ['/setup/domain-restriction', 'nav.domainRestriction'],
    ['/setup/two-factor', 'nav.twoFactor'],
    ['/setup/alerts', 'nav.alerts'],
    ['/setup/webhooks', 'nav.webhooks'],
    ['/setup/recording', 'nav.recording'],
    ['/setup/messages', 'nav.messages'],
    ['/setup/sms-opt-in', 'nav.smsOptIn'],
    ['/setup/in-app-messaging', 'nav.inAppMessaging'],
    ['/setup/application-version', 'nav.applicationVersion'],
    ['/setup/branding', 'nav.branding'],
    ['/setup/help', 'nav.helpSetup'],
  ]);
  const menuItems: MenuProps['items'] = [
    ...(mayOpen('/', can) ? [{ key: '/', icon: <DashboardOutlined />, label: t('nav.dashboard') }] : []),
    ...(mayOpen('/sub-organizations', can)
      ? [{ key: '/sub-organizations', icon: <ApartmentOutlined />, label: t('nav.subOrgs') }]
      : []),
    ...(mayOpen('/accounts', can) ? [{ key: '/accounts', icon: <ContactsOutlined />, label: t('nav.accounts') }] : []),
    ...(mayOpen('/administrators', can) ? [{ key: '/administrators', icon: <TeamOutlined />, label: t('nav.administrators') }] : []),
    ...(mayOpen('/roles', can) ? [{ key: '/roles', icon: <SafetyCertificateOutlined />, label: t('nav.roles') }] : []),
    ...(reportItems.length ? [{ key: 'reports', icon: <BarChartOutlined />, label: t('nav.reports'), children: reportItems }] : []),
    ...(setupItems.length ? [{ key: 'setup', icon: <SettingOutlined />, label: t('nav.setup'), children: setupItems }] : []),
    ...(mayOpen('/help', can) ? [{ key: '/help', icon: <QuestionCircleOutlined />, label: t('nav.help') }] : []),
    { key: '/profile', icon: <UserOutlined />, label: t('nav.profile') },
  ];

  const profileItems: MenuProps['items'] = [
    { key: 'profile', icon: <UserOutlined />, label: t('nav.profile'), onClick: () => void navigate('/profile') },
    ...(can('profile.view')
      ? [
          {
            key: 'suborgs',
            icon: <ApartmentOutlined />,
            label: t('nav.subOrgs'),
            onClick: () => void navigate('/sub-organizations'),
          },
        ]
      : []),
    { type: 'divider' as const },
    { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout'), onClick: () => void logout() },
  ];

  const path = org?.path?.length ? org.path : org ? [{ id: org.id, name: org.name }] : [];
  const menuPaths = ['/profile', ...Object.keys(PAGE_PRIVILEGES).filter((p) => p !== '/')];
  const selectedMenu = menuPaths.find((p) => location.pathname.startsWith(p)) ?? '/';
  const openMenu = selectedMenu.startsWith('/reports/') ? ['reports'] : selectedMenu.startsWith('/setup/') ? ['setup'] : [];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        theme="light"
        width={264}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        style={{
          borderRight: `1px solid ${token.colorBorderSecondary}`,
          position: 'sticky',
          top: 0,
          height: '100vh',
          overflowY: 'auto',
        }}
      >
        <Flex align="center" style={{ height: 64, paddingInline: collapsed ? 24 : 20 }}>
          <Brand collapsed={collapsed} name={productName} logo={logoUrl} />
        </Flex>
        <Menu
          mode="inline"
          selectedKeys={[selectedMenu]}
          defaultOpenKeys={openMenu}
          items={menuItems}
          data-testid="main-menu"
          onClick={({ key }) => void navigate(key)}
          style={{ borderInlineEnd: 'none' }}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 10,
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            paddingInline: 16,
            display: 'flex',
            alignItems: 'center',
            gap: 16,
          }}
        >
          {/* The path to the current organization, which is named once: on the picker's button. */}
          <Flex
            align="center"
            gap={8}
            data-testid="org-path"
            style={{ flex: 1, minWidth: 0, whiteSpace: 'nowrap', overflow: 'hidden' }}
          >
            {path.length > 1 && (
              <>
                <Breadcrumb
                  separator=">"
                  items={path.slice(0, -1).map((ref) => ({
                    key: ref.id,
                    title: <a onClick={() => void goTo(ref.id)}>{ref.name}</a>,
                  }))}
                />
                <Typography.Text type="secondary" aria-hidden>
                  {'>'}
                </Typography.Text>
              </>
            )}
            <Button
              icon={<ApartmentOutlined />}
              onClick={() => setPickerOpen(true)}
              title={t('nav.orgPicker')}
              data-testid="org-picker-button"
              disabled={!org}
              style={{ maxWidth: 260, flexShrink: 0 }}
            >
              <Typography.Text ellipsis style={{ maxWidth: 200 }}>
                {org?.name ?? '…'}
              </Typography.Text>
            </Button>
          </Flex>
          <LanguageSwitcher />
          <Dropdown menu={{ items: profileItems }} trigger={['click']} placement="bottomRight">
            <Button type="text" aria-label={t('nav.profileMenu')} data-testid="profile-menu" style={{ height: 40 }}>
              <Avatar
                size="small"
                src={me.admin.photo_url ?? undefined}
                alt=""
                icon={<UserOutlined />}
                style={{ background: token.colorPrimary }}
              />
              <span className="lineport-admin-name">
                {me.admin.first_name} {me.admin.last_name}
              </span>
              <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Header>
        <Content style={{ padding: 24 }}>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12, fontSize: 12 }}>
            {t('layout.timezoneNote', { tz: me.admin.timezone || browserTimeZone() })}
          </Typography.Text>
          {error && <Alert type="error" showIcon message={error.detail} style={{ marginBottom: 16 }} />}
          {org ? <Outlet /> : !error && <Spin size="large" style={{ display: 'block', margin: '15vh auto' }} />}
        </Content>
      </Layout>
      {org && <OrgPicker open={pickerOpen} onClose={() => setPickerOpen(false)} />}
    </Layout>
  );
}
